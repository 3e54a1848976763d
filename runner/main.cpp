// Placeholder until the runner lands; replaced by the real command line.
#include <cstdio>
int main() { std::puts("logsweep: under construction"); return 1; }
