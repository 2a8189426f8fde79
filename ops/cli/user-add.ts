/**
 * `npm run user:add -- --username NAME --role admin[,risk] [--firm F1] [--accounts A1,A2] --password-stdin`
 * Bootstraps a console user (the first admin, typically): reads the password from standard input, stores its
 * scrypt hash and a pending TOTP secret, and prints the otpauth:// URI to scan. The user confirms the second
 * factor at the first login (POST /api/v1/auth/login, then /api/v1/auth/mfa/enrol/confirm with a code).
 */
import { FirmRepository, isAuthRole, migrate, UserRepository, type AuthRole } from '../../db';
import { createUser, DEFAULT_REST_CONFIG, PasswordHasher } from '../../gateway';
import { runCli, withDatabase } from './cli-database';

interface UserAddArgs {
  readonly username: string;
  readonly roles: readonly AuthRole[];
  readonly firmId: string | null;
  readonly accounts: readonly string[];
}

const USAGE = 'usage: user:add --username NAME --role ROLE[,ROLE] [--firm FIRM] [--accounts A1,A2] --password-stdin [--config FILE]';

function parseArgs(argv: readonly string[]): UserAddArgs | string {
  const values = new Map<string, string>();
  let passwordStdin = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--password-stdin') passwordStdin = true;
    else if (['--username', '--role', '--firm', '--accounts', '--config'].includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined) return `${arg} needs a value`;
      values.set(arg, value);
      i += 1;
    } else return `unknown argument ${arg}`;
  }
  if (!passwordStdin) return '--password-stdin is required (a password never goes on the command line)';
  const username = values.get('--username');
  const roleText = values.get('--role');
  if (username === undefined || roleText === undefined) return '--username and --role are required';
  const roles = roleText.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !isAuthRole(r));
  if (unknown.length > 0) return `unknown role ${unknown.join(', ')} (trader, viewer, risk, compliance, admin)`;
  return {
    username,
    roles: roles.filter(isAuthRole),
    firmId: values.get('--firm') ?? null,
    accounts: (values.get('--accounts') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== ''),
  };
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function run(): Promise<number> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`user:add: ${args}\n${USAGE}\n`);
    return 2;
  }
  const password = await readPassword();
  return withDatabase('user:add', async ({ db }) => {
    await migrate(db);
    const created = await createUser(
      new UserRepository(db),
      new FirmRepository(db),
      new PasswordHasher(DEFAULT_REST_CONFIG.scryptCost),
      { username: args.username, password, roles: args.roles, firmId: args.firmId, accounts: args.accounts },
      { pendingTotpIssuer: DEFAULT_REST_CONFIG.totpIssuer },
    );
    process.stdout.write(`user:add: created ${created.user.username} (${created.user.userId}) with roles ${created.user.roles.join(', ')}\n`);
    process.stdout.write('Scan this URI as a QR code in an authenticator app, then confirm it at the first login:\n');
    process.stdout.write(`${created.otpauthUri ?? ''}\n`);
    return 0;
  });
}

runCli('user:add', run);
