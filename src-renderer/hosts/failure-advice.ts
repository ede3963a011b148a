/**
 * What the operator can do about a failed connection, by the core's stable `errorCode`
 * (HostStatus.errorCode). Unknown codes get the general advice, so a new code never shows nothing.
 */
const ADVICE: Record<string, string> = {
  'auth-failed':
    'The host refused every credential offered. Check the user name and the authentication method in Edit: with the agent, is the key loaded (ssh-add -l)? With a key file, is its public key in the host’s authorized_keys?',
  'connection-refused':
    'Nothing accepted the connection on that port. Is sshd running on the host, and is the port right?',
  'host-unreachable':
    'The host could not be reached. Check the address, the network between you, and any ProxyJump hops.',
  'connect-timeout':
    'The host did not answer in time. Check the address and the network, or whether a firewall drops the connection.',
  'host-key-rejected': 'You rejected the host key. Connect again to see the fingerprint once more.',
  'host-key-revoked':
    'known_hosts marks this key as revoked (@revoked). The app will not connect until the host presents another key.',
  'host-key-refused':
    'The key cannot be trusted this way (for example a @cert-authority line in known_hosts, which the app does not accept). Remove that line or connect with a plain host key.',
  'channel-open-failed':
    'Logged in, but the host refused to open a command channel (MaxSessions, or forwarding disabled on a ProxyJump hop).',
  'command-failed':
    'Connected, but a Xen command failed. Does the user run xentop and xl without a password (command prefix such as sudo -n)? Is the profile right for this host?',
};

const GENERAL = 'Check the host’s settings with Edit, then press Connect to try again.';

export const adviceFor = (errorCode: string | null): string =>
  (errorCode && ADVICE[errorCode]) || GENERAL;
