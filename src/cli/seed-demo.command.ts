import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { formatDemoSummary } from '../demo/demo.ts';
import { prepareData } from '../startup.ts';
import type { CliCommand } from './command.ts';

export const seedDemoCommand: CliCommand = {
  help: 'seed-demo                               load the demo data and demo accounts (idempotent)',
  run: async () => {
    const config = loadConfig();
    const app = await buildApp({ ...config, jobs: false }, { logger: false });
    try {
      const demo = await prepareData({ ...app.ctx, config: { ...app.ctx.config, demo: true } });
      if (!demo) throw new Error('demo data was not loaded');
      process.stderr.write(formatDemoSummary(config.publicUrl, demo) + '\n');
      if (!config.demo)
        process.stderr.write('note: DEMO is off, so the next `serve` removes the demo accounts again\n');
    } finally {
      await app.close();
    }
  },
};
