/** The `ishenim` command. Each subcommand lives in src/cli/<name>.command.ts; errors print one line. */
import { ConfigError } from './config.ts';
import { UsageError, type CliCommand } from './cli/command.ts';
import { auditCommand } from './cli/audit.command.ts';
import { backupCommand } from './cli/backup.command.ts';
import { migrateCommand } from './cli/migrate.command.ts';
import { serveCommand } from './cli/serve.command.ts';
import { seedDemoCommand } from './cli/seed-demo.command.ts';
import { tokenCommand } from './cli/token.command.ts';
import { userCommand } from './cli/user.command.ts';

const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  'seed-demo': seedDemoCommand,
  user: userCommand,
  token: tokenCommand,
  migrate: migrateCommand,
  backup: backupCommand,
  audit: auditCommand,
};

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    const usage =
      'usage: ishenim <command>\n\n' +
      Object.values(commands)
        .map((c) => '  ' + c.help)
        .join('\n') +
      '\n';
    if (name && name !== 'help' && name !== '--help') {
      process.stderr.write(`ishenim: unknown command "${name}"\n${usage}`);
      process.exitCode = 2;
    } else process.stdout.write(usage);
    return;
  }
  try {
    await cmd.run(rest);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`ishenim: ${err.message}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
    throw err;
  }
}

await main(process.argv.slice(2));
