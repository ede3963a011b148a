/**
 * What the app writes is the operator's alone: sessions name hosts and VMs and hold what they did,
 * reports too. Every directory of the data directory is created 0700 and every file 0600, whatever
 * the process's umask (0022 would make them world-readable).
 */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;
