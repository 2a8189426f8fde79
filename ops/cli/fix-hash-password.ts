/** `echo -n 'secret' | npm run -s fix:hash-password`: prints the scrypt hash for a session's credentials.passwordHash. */
import { hashPassword } from '../../gateway';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const password = await readStdin();
if (password.length === 0) {
  process.stderr.write('fix:hash-password: give the password on standard input\n');
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
