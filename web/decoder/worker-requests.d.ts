// Types for worker-requests.js: requests to a worker and their answers, on both sides.

/** What a request rejects with: the handler's CoreError (code, message, its other fields), or
 * code 'unavailable' once the worker failed or was terminated, 'internal' for any other throw. */
export interface WorkerRequestError extends Error {
  name: 'CoreError';
  code: string;
  [field: string]: unknown;
}

/** What a WorkerLink talks to: a Worker, or a stand-in with the same surface. */
export interface WorkerLike extends EventTarget {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
}

export interface WorkerLinkOptions {
  /** What to call the worker in messages ("the decoder", "colour worker 2"). */
  name?: string;
  /** Whatever the worker sent with notify(), outside any request. */
  onEvent?(event: unknown): void;
  /** The worker failed (an error or messageerror event) and was terminated; not for terminate(). */
  onGone?(error: WorkerRequestError): void;
}

export declare class WorkerLink {
  constructor(worker: WorkerLike, options?: WorkerLinkOptions);
  readonly name: string;
  /** Requests waiting for their answer. */
  readonly pending: number;
  /** Whether the worker is still there (not terminated, not failed). */
  readonly alive: boolean;
  /** Asks the worker's handler `type`; resolves with its answer, rejects with a WorkerRequestError. */
  request<Answer = unknown>(
    type: string,
    args?: unknown,
    options?: { transfer?: Transferable[]; onProgress?(progress: unknown): void },
  ): Promise<Answer>;
  /** Terminates the worker; pending and later requests reject with `error`. */
  terminate(error?: Error): void;
}

/** A worker's handler: its answer (or a promise of it), or a throw. */
export type WorkerHandler = (args: any, context: { progress(value: unknown): void }) => unknown;

/** Answers the owner's requests with handlers[type], one at a time in arrival order. */
export declare function serve(
  handlers: Record<string, WorkerHandler>,
  scope?: Pick<WorkerLike, 'addEventListener'> & { postMessage(message: unknown, transfer?: Transferable[]): void },
): void;

/** Tells the owner something outside any request (its WorkerLink's onEvent). */
export declare function notify(event: unknown, scope?: { postMessage(message: unknown): void }): void;

/** Marks `value` (an answer) to be sent with `transfer` moved, not copied; returns value. */
export declare function transferring<T extends object>(value: T, transfer: Transferable[]): T;
