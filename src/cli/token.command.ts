import { UsageError, parseFlags, type CliCommand } from './command.ts';
import { withServices } from './accounts-cli.ts';

export const tokenCommand: CliCommand = {
  help: 'token create --user EMAIL [--name N] | token revoke <id>   personal API tokens (prints only the token)',
  run: async (args) => {
    const [sub, ...rest] = args;
    const { _, flags } = parseFlags(rest);
    await withServices(async ({ users, tokens }) => {
      if (sub === 'create') {
        if (typeof flags.user !== 'string') throw new UsageError('token create needs --user EMAIL');
        const person = await users.getByEmail(null, { email: flags.user });
        const name = typeof flags.name === 'string' ? flags.name : 'cli';
        const r = await tokens.createToken(null, { personId: person.id, name });
        process.stderr.write(`token ${r.id}\n`);
        process.stdout.write(`${r.token}\n`);
      } else if (sub === 'revoke') {
        if (!_[0]) throw new UsageError('token revoke needs the token id');
        await tokens.revoke(null, { id: _[0] });
        process.stderr.write(`revoked ${_[0]}\n`);
      } else throw new UsageError(`usage: ishenim ${tokenCommand.help}`);
    });
  },
};
