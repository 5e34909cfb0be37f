import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputCancelled, readFirstLine, readNewPassword, type PasswordSource } from '../../src/cli/password-input.js';

/** A stand-in terminal: raw mode is recorded, keys are written into it. */
function terminal() {
  const input = new PassThrough() as unknown as PasswordSource & PassThrough & { isRaw: boolean; modes: boolean[] };
  input.isTTY = true;
  input.isRaw = false;
  input.modes = [];
  input.setRawMode = (raw: boolean) => {
    input.isRaw = raw;
    input.modes.push(raw);
    return input;
  };
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('reading the new password', () => {
  it('takes the first line of piped input without its line ending', async () => {
    for (const [text, expected] of [
      ['s3cret pw\n', 's3cret pw'],
      ['s3cret pw\r\n', 's3cret pw'],
      ['no newline', 'no newline'],
      ['first\nsecond\n', 'first'],
      ['\n', ''],
    ] as const) {
      const input = new PassThrough();
      input.end(text);
      expect(await readNewPassword(input, new PassThrough())).toBe(expected);
    }
  });

  it('stops at the first line even if the input stays open', async () => {
    const input = new PassThrough();
    input.write('pw-line\nmore');
    expect(await readFirstLine(input)).toBe('pw-line');
  });

  it('refuses empty piped input', async () => {
    const input = new PassThrough();
    input.end('');
    await expect(readNewPassword(input, new PassThrough())).rejects.toThrow('No password on standard input');
  });

  it('asks twice on a terminal, in raw mode, echoing nothing, and honours backspace', async () => {
    const { input, output, shown } = terminal();
    const answer = readNewPassword(input, output);
    await tick();
    input.write('hunter2x');
    input.write('\x7f'); // backspace
    input.write('2\x1b[A'); // an arrow key types nothing
    input.write('\r');
    await tick();
    input.write('hunter22\r');
    expect(await answer).toBe('hunter22');
    expect(shown()).toBe('New password: \nRepeat password: \n');
    expect(input.modes).toEqual([true, false, true, false]);
  });

  it('refuses two different answers', async () => {
    const { input, output } = terminal();
    const answer = readNewPassword(input, output);
    await tick();
    input.write('one-password\r');
    await tick();
    input.write('another-one\r');
    await expect(answer).rejects.toThrow('The passwords do not match');
    expect(input.isRaw).toBe(false);
  });

  it('is cancelled by Ctrl-C, leaving raw mode', async () => {
    const { input, output } = terminal();
    const answer = readNewPassword(input, output);
    await tick();
    input.write('abc\x03');
    await expect(answer).rejects.toBeInstanceOf(InputCancelled);
    expect(input.isRaw).toBe(false);
  });
});
