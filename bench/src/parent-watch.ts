/**
 * Preloaded into the hub by the bench (`node --require`): if the bench process that started the hub dies without
 * cleaning up, the hub is sent SIGTERM, its own graceful stop, instead of running on. Nothing else is touched.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
