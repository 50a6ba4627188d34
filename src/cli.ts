/** The `ishenim` command. Each subcommand is a small function; errors print one line and exit 1. */
import { ConfigError, loadConfig } from './config.ts';
import { serve } from './server.ts';

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, { help: string; run: Command }> = {
  serve: {
    help: 'serve                      start the web service (migrates first; loads demo data in demo mode)',
    run: async () => {
      const config = loadConfig();
      await serve(config, (url) => {
        process.stdout.write(`\nIshenim is running at ${url}\n`);
      });
    },
  },
};

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    process.stdout.write(
      'usage: ishenim <command>\n\n' +
        Object.values(commands)
          .map((c) => '  ' + c.help)
          .join('\n') +
        '\n',
    );
    process.exitCode = name && name !== 'help' && name !== '--help' ? 2 : 0;
    return;
  }
  try {
    await cmd.run(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ishenim: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

await main(process.argv.slice(2));
