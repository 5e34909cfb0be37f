import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** What reading a password needs of standard input: a terminal has isTTY and setRawMode. */
export type PasswordSource = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export class InputCancelled extends Error {}

/**
 * The first line of a non-interactive input, without its line ending, so that
 * `printf '%s\n' "$PW" | stint user set-password ...` sets exactly "$PW". Reading stops at that
 * line: the input need not be closed.
 */
export async function readFirstLine(input: Readable): Promise<string | null> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
  }
}

/**
 * Asks on a terminal without echoing what is typed: raw mode, so the terminal does not echo,
 * with keypresses decoded by readline (escape sequences such as arrow keys are ignored rather
 * than typed into the password). Ctrl-C or Ctrl-D on an empty line cancels.
 */
export function promptHidden(question: string, input: PasswordSource, output: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    readline.emitKeypressEvents(input);
    const wasRaw = (input as { isRaw?: boolean }).isRaw === true;
    input.setRawMode?.(true);
    output.write(question);

    const finish = (err: Error | null) => {
      input.off('keypress', onKey);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(typed.join(''));
    };
    const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean } | undefined) => {
      const name = key?.name;
      if (key?.ctrl && name === 'c') return finish(new InputCancelled('Cancelled.'));
      if (key?.ctrl && name === 'd') return typed.length === 0 ? finish(new InputCancelled('Cancelled.')) : finish(null);
      if (name === 'return' || name === 'enter') return finish(null);
      if (name === 'backspace') {
        typed.pop();
        return;
      }
      if (key?.ctrl && name === 'u') {
        typed = [];
        return;
      }
      if (str === undefined || key?.ctrl || key?.meta) return;
      // One keypress per code point; control characters are never part of a password.
      // eslint-disable-next-line no-control-regex
      if (!/[\u0000-\u001f\u007f]/.test(str)) typed.push(str);
    };
    input.on('keypress', onKey);
    input.resume();
  });
}

/**
 * The new password for `stint user set-password`: asked twice without echo on a terminal, or
 * the first line of piped input. Prompts go to `output` (stderr), keeping stdout for results.
 */
export async function readNewPassword(input: PasswordSource, output: Writable): Promise<string> {
  if (input.isTTY && input.setRawMode) {
    const first = await promptHidden('New password: ', input, output);
    const again = await promptHidden('Repeat password: ', input, output);
    if (first !== again) throw new Error('The passwords do not match; nothing was changed.');
    return first;
  }
  const line = await readFirstLine(input);
  if (line === null) throw new Error('No password on standard input: pipe it in (one line) or run this on a terminal to be asked.');
  return line;
}
