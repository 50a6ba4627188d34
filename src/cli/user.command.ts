import { UsageError, parseFlags, type CliCommand } from './command.ts';
import { readStdin, withServices } from './accounts-cli.ts';

/** Repeated `--role R --area CODE` pairs, in order. */
function rolePairs(args: string[]): { role: string; areaCode: string }[] {
  const roles: string[] = [];
  const areas: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--role') roles.push(args[++i] ?? '');
    if (args[i] === '--area') areas.push(args[++i] ?? '');
  }
  if (roles.length !== areas.length) throw new UsageError('give one --area for every --role');
  return roles.map((role, i) => ({ role, areaCode: areas[i]! }));
}

export const userCommand: CliCommand = {
  help: 'user create --email E --name N [--role R --area CODE]... [--password-stdin] | user disable <email> | user reset-password <email>',
  run: async (args) => {
    const [sub, ...rest] = args;
    const { _, flags } = parseFlags(rest);
    await withServices(async ({ users }) => {
      if (sub === 'create') {
        if (typeof flags.email !== 'string' || typeof flags.name !== 'string')
          throw new UsageError('user create needs --email and --name');
        const password = flags['password-stdin'] ? await readStdin() : undefined;
        const r = await users.create(null, {
          email: flags.email,
          displayName: flags.name,
          grants: rolePairs(rest),
          password,
        });
        process.stderr.write(`created ${r.user.email}\n`);
        if (!password) process.stdout.write(`${r.password}\n`);
      } else if (sub === 'disable' || sub === 'reset-password') {
        if (!_[0]) throw new UsageError(`user ${sub} needs an email`);
        const person = await users.getByEmail(null, { email: _[0] });
        if (sub === 'disable') {
          await users.disable(null, { id: person.id });
          process.stderr.write(`disabled ${_[0]}; sessions ended, tokens revoked\n`);
        } else process.stdout.write(`${(await users.resetPassword(null, { id: person.id })).password}\n`);
      } else throw new UsageError(`usage: ishenim ${userCommand.help}`);
    });
  },
};
