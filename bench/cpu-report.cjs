/**
 * Loaded into each provider process the benchmark's CPU run starts (node --require, through
 * WORKOS_RBAC_NODE): at exit, appends the process's CPU time, every thread of it (V8's
 * compiler and GC threads too), to the file named by WORKOS_RBAC_BENCH_CPU_LOG.
 */
'use strict';
const fs = require('node:fs');

const file = process.env.WORKOS_RBAC_BENCH_CPU_LOG;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    fs.appendFileSync(file, `${process.pid} ${user} ${system}\n`);
  });
}
