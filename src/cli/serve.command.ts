import { loadConfig } from '../config.ts';
import { serve } from '../server.ts';
import type { CliCommand } from './command.ts';

export const serveCommand: CliCommand = {
  help: 'serve                                   start the web service (migrates first; demo data in demo mode)',
  run: async () => {
    await serve(loadConfig());
  },
};
