'use strict';
/**
 * Token storage for the headless CLI (the Electron app uses safeStorage instead).
 *
 * The token comes from env `APIGEN_TOKEN` when set, otherwise from a file (default `~/.config/apigen/token`)
 * that is written with mode 0600 and refused when group or others can read it.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class TokenFileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TokenFileError';
  }
}

function defaultTokenPath(env = process.env) {
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'apigen', 'token');
}

/** POSIX permission bits mean nothing on Windows, where the user profile is private already. */
const checksModes = process.platform !== 'win32';

/**
 * @param {{file?: string, env?: NodeJS.ProcessEnv}} [options]
 * @returns {string|null} the token, or null when none is stored.
 * @throws {TokenFileError} when the file is readable by group/others.
 */
function load({ file = defaultTokenPath(), env = process.env } = {}) {
  if (env.APIGEN_TOKEN && env.APIGEN_TOKEN.trim()) return env.APIGEN_TOKEN.trim();
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  if (checksModes && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new TokenFileError(
      `Refusing to read the token file ${file}: other users can access it (mode ${mode}). ` +
        `Run "chmod 600 ${file}" or log in again.`,
    );
  }
  const token = fs.readFileSync(file, 'utf8').trim();
  return token || null;
}

/** Write the token atomically, readable by the owner only. */
function save(token, { file = defaultTokenPath() } = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600); // the mode given to writeFileSync is masked by the umask
  fs.renameSync(temporary, file);
}

function clear({ file = defaultTokenPath() } = {}) {
  fs.rmSync(file, { force: true });
}

module.exports = { load, save, clear, TokenFileError };
