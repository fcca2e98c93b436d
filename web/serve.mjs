#!/usr/bin/env node
// A tiny static server for the demo pages and the browser tests, with no dependencies.
// Serves this folder (web/) as the site root on 127.0.0.1, with the MIME types wasm and module
// workers need and a strict Content-Security-Policy on every HTML page, so the pages are
// tested the way a careful site would serve them.
//
//   node web/serve.mjs [port] [folder]   (port 0 or none = a free one; prints the URL; folder: what to
//                                        serve instead of web/, e.g. build/site)
//   import { startServer } from './serve.mjs'; const { url, close } = await startServer({ port: 0 });
//
// Options of startServer: root (the folder to serve), csp (a fixed Content-Security-Policy for
// every response instead of the computed one on HTML pages) and onCspReport (called with each violation report
// a browser POSTs to /csp-report, for a policy with `report-uri /csp-report`).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.heic': 'image/heic',
  '.pxav': 'application/octet-stream',
  '.ply': 'application/octet-stream',
  '.pcd': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

// The only inline script a page may have is its import map: list its hash so the CSP allows
// exactly that script and nothing else (no 'unsafe-inline').
function contentSecurityPolicy(html) {
  const hashes = [];
  for (const match of html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${hashes.map((h) => ' ' + h).join('')}`,
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "worker-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

async function handle(request, response, { root = ROOT, csp = contentSecurityPolicy, onCspReport } = {}) {
  const send = (status, body = '', headers = {}) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (request.method === 'POST' && request.url === '/csp-report' && onCspReport) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    try {
      onCspReport(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      onCspReport({ unreadable: true });
    }
    return send(204);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n');

  let path;
  try {
    path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  } catch {
    return send(400, 'bad path\n');
  }
  if (path === '/favicon.ico') return send(204);
  if (path.includes('\0')) return send(400, 'bad path\n');

  let file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) {
    return send(403, 'outside the served folder\n');
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    // A precompressed copy beside the file (make site writes .br and .gz), as static servers
    // serve them (nginx gzip_static/brotli_static, Caddy's precompressed): same type, the coding
    // in Content-Encoding. The browser decodes it before the wasm compiler sees the bytes.
    const { body, encoding } = await precompressed(file, request.headers['accept-encoding'] ?? '');
    if (encoding) headers['Content-Encoding'] = encoding;
    headers.Vary = 'Accept-Encoding';
    // A fixed policy goes on every response, as a site's header configuration would send it, so
    // workers run under it too; the computed one (with the import map's hash) on HTML pages.
    if (typeof csp === 'string') headers['Content-Security-Policy'] = csp;
    else if (type.startsWith('text/html')) headers['Content-Security-Policy'] = csp(await readFile(file, 'utf8'));
    headers['Content-Length'] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return send(404, 'not found\n');
    return send(500, 'server error\n');
  }
}

// The file's .br or .gz copy when the request accepts that coding and the copy exists, else the file.
async function precompressed(file, acceptEncoding) {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((item) => item.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([coding]) => coding.trim().toLowerCase()),
  );
  const accepts = (coding) => accepted.has(coding);
  for (const [coding, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ]) {
    if (!accepts(coding)) continue;
    try {
      return { body: await readFile(file + suffix), encoding: coding };
    } catch {
      // no such copy: try the next, then the file itself
    }
  }
  return { body: await readFile(file), encoding: null };
}

/** Starts the server; resolves with { url, port, close() }. */
export function startServer({ port = 0, host = '127.0.0.1', root = ROOT, csp, onCspReport } = {}) {
  const options = { root: resolve(root), csp: csp ?? contentSecurityPolicy, onCspReport };
  const server = createServer((request, response) => {
    handle(request, response, options);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://${host}:${actual}/`,
        port: actual,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[3] ?? ROOT;
  const { url } = await startServer({ port: Number(process.argv[2] ?? 0), root });
  console.log(`serving ${root} at ${url}  (embed: ${url}embed/  preview: ${url}preview/)`);
}
