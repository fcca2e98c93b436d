// Temporary entry point while the command-line tool is assembled (replaced in this session).
#include <cstdio>
int main() { std::puts("pixel-avatar: being assembled"); return 0; }
