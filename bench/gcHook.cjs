// Preloaded into a language server by the memory benchmark (node --expose-gc --require bench/gcHook.cjs):
// on SIGUSR2 it runs a full garbage collection and prints the process's memory as one JSON line on stderr,
// so no benchmark code lives in the servers themselves. stdout stays the LSP channel.
process.on('SIGUSR2', () => {
  global.gc();
  global.gc();
  process.stderr.write(`GODOCK_BENCH_MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
