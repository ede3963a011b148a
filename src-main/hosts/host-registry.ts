import { Refusal } from '../common/refusal';
import type { Publish } from '../common/api';
import type { HostConfig, HostConfigFields } from '../common/host-config';
import type { HostId, HostSample, HostSummary } from '../common/model';
import type { ClassSwitch, HostSched, LatencySample, SchedWaits } from '../common/sched';
import { neverConnects } from './connection/connector';
import type { ProfileInfo } from '../common/profile';
import { profileInfos, resolveProfile } from '../xen/profiles';
import type { HostConfigStore } from './config/host-config-store';
import { newHostId } from './config/host-config-store';
import { HostConnection, type HostDefinition } from './connection/host-connection';
import type { HostControls } from './controls/host-controls';
import type { PromptBroker } from './prompt-broker';
import { sshConnector, type PendingRepin, type SshConnectorDeps } from './connection/ssh-connector';

export interface RegistryDeps {
  publish: Publish;
  onSample(sample: HostSample): void;
  onLatency(sample: LatencySample): void;
  onWaits(waits: SchedWaits): void;
  log(line: string): void;
  store: HostConfigStore | null;
  ssh: (SshConnectorDeps & { prompts: PromptBroker }) | null;
}

/** A host the operator asked for something it cannot do, with the reason. */
export class HostRegistryError extends Refusal {
  override name = 'HostRegistryError';
}

/**
 * All hosts the app watches: the built-in ones and those the operator configured (persisted, never
 * with secrets). Adding, editing and removing a host goes through here so the list on disk, the
 * live connections and every window's host list stay the same.
 */
export class HostRegistry {
  private readonly connections = new Map<HostId, HostConnection>();
  private readonly configs = new Map<HostId, HostConfig>();
  private readonly repins = new Map<HostId, PendingRepin>();

  constructor(private readonly deps: RegistryDeps) {}

  /** A host's classes, switches and probes; an unknown id is a typed refusal. */
  controls(id: HostId): HostControls {
    return this.require(id).controls;
  }

  /** A host of a reopened session: what it shows was recorded, nothing of it may change. */
  isRecorded(id: HostId): boolean {
    return this.require(id).def.kind === 'recorded';
  }

  /** Undoes a class switch on whichever host made it. */
  undoSwitch(switchId: string): Promise<ClassSwitch> {
    for (const conn of this.connections.values()) {
      if (conn.controls.switcher.find(switchId)) return conn.controls.switcher.undo(switchId);
    }
    throw new HostRegistryError('unknown-switch', `No class switch with id "${switchId}".`);
  }

  list(): HostSummary[] {
    return [...this.connections.values()].map((c) => c.summary());
  }

  /** The profiles a configured host may use, the default first. */
  profiles(): ProfileInfo[] {
    return profileInfos();
  }

  /** A built-in host (the demo host): not persisted, not editable. */
  addBuiltIn(def: HostDefinition): void {
    this.connections.set(def.id, this.connection(def));
  }

  /**
   * A host of a reopened session: read-only, never connected, listed until the session
   * is closed. Its history is put into the stores by the caller.
   */
  addRecorded(
    def: Omit<HostDefinition, 'connector' | 'kind'>,
    sched: HostSched | null,
    switches: readonly ClassSwitch[],
  ): HostSummary {
    const conn = this.connection({ ...def, kind: 'recorded', connector: neverConnects });
    conn.controls.restore(sched, switches);
    this.connections.set(def.id, conn);
    this.publishList();
    return conn.summary();
  }

  removeRecorded(ids: readonly HostId[]): void {
    for (const id of ids) {
      if (this.connections.get(id)?.def.kind !== 'recorded') continue;
      this.connections.get(id)?.close();
      this.connections.delete(id);
    }
    this.publishList();
  }

  /** Hosts saved by earlier runs; problems with the file are logged, never fatal. */
  async loadSaved(): Promise<void> {
    if (!this.deps.store) return;
    const { hosts, problems } = await this.deps.store.load();
    problems.forEach((p) => this.deps.log(p));
    this.addConfigured(hosts);
  }

  /** Hosts configured elsewhere (the agent's hosts file): watched, never written back. */
  addConfigured(hosts: readonly HostConfig[]): void {
    for (const config of hosts) {
      try {
        this.attach(config);
      } catch (error) {
        // e.g. a profile this version does not know: the others still load.
        this.deps.log(`host "${config.name}" not loaded: ${(error as Error).message}`);
      }
    }
  }

  config(id: HostId): HostConfig {
    const config = this.configs.get(id);
    if (!config) throw new HostRegistryError('unknown-host', `No configured host with id "${id}".`);
    return config;
  }

  async add(fields: HostConfigFields): Promise<HostSummary> {
    const config: HostConfig = { ...fields, id: newHostId(fields.name) };
    const conn = this.attach(config);
    await this.persist();
    conn.start();
    return conn.summary();
  }

  async update(id: HostId, fields: HostConfigFields): Promise<HostSummary> {
    this.config(id);
    this.detach(id);
    const conn = this.attach({ ...fields, id });
    await this.persist();
    conn.start();
    return conn.summary();
  }

  async remove(id: HostId): Promise<void> {
    this.config(id);
    this.detach(id);
    await this.deps.ssh?.secrets.forget(`${id}:`);
    await this.persist();
  }

  connect(id: HostId): void {
    this.require(id).start();
  }

  disconnect(id: HostId): void {
    this.require(id).stop();
  }

  /** After a changed host key: trust exactly the key the host presented, then connect again. */
  async repin(id: HostId): Promise<void> {
    const conn = this.require(id);
    const pending = this.repins.get(id);
    if (!pending || !this.deps.ssh) {
      throw new HostRegistryError(
        'nothing-to-repin',
        'This host has no changed host key waiting to be trusted.',
      );
    }
    await this.deps.ssh.trustStore.repin(pending);
    this.repins.delete(id);
    this.deps.log(
      `[${id}] host key re-pinned by the operator: ${pending.keyType} ${pending.fingerprint}`,
    );
    conn.start();
  }

  startAll(): void {
    this.connections.forEach((c) => c.start());
  }

  closeAll(): void {
    this.connections.forEach((c) => c.close());
  }

  /** Whether the registry holds a host of that id (watched, built in or reopened). */
  has(id: HostId): boolean {
    return this.connections.has(id);
  }

  require(id: HostId): HostConnection {
    const conn = this.connections.get(id);
    if (!conn) throw new HostRegistryError('unknown-host', `No host with id "${id}".`);
    return conn;
  }

  private attach(config: HostConfig): HostConnection {
    const ssh = this.deps.ssh;
    if (!ssh)
      throw new HostRegistryError('ssh-unavailable', 'SSH hosts are not available in this mode.');
    const profile = resolveProfile(config.profile, { prefix: config.commandPrefix });
    if (!profile.ok) throw new HostRegistryError(profile.error.code, profile.error.message);
    const def: HostDefinition = {
      id: config.id,
      name: config.name,
      kind: 'ssh',
      target: `${config.user}@${config.address}:${config.port}`,
      group: config.group,
      // Until `xl info` answers: then the host's own CPU count (HostConnection reads it).
      guestPcpus: 1,
      readGuestPcpus: true,
      profile: profile.value,
      connector: sshConnector(config.id, config, ssh, (repin) => this.repins.set(config.id, repin)),
    };
    const conn = this.connection(def);
    this.configs.set(config.id, config);
    this.connections.set(config.id, conn);
    this.publishList();
    return conn;
  }

  private detach(id: HostId): void {
    this.connections.get(id)?.close();
    this.connections.delete(id);
    this.configs.delete(id);
    this.repins.delete(id);
    this.publishList();
  }

  private connection(def: HostDefinition): HostConnection {
    return new HostConnection(def, {
      onSample: (sample) => this.deps.onSample(sample),
      onSched: (sched) => this.deps.publish({ name: 'hostSched', payload: sched }),
      onSwitch: (sw) => this.deps.publish({ name: 'classSwitch', payload: sw }),
      onLatency: (sample) => this.deps.onLatency(sample),
      onWaits: (waits) => this.deps.onWaits(waits),
      onTargets: (hostId, targets) =>
        this.deps.publish({ name: 'probeTargets', payload: { hostId, targets } }),
      onStatus: (status) => this.deps.publish({ name: 'hostStatus', payload: status }),
      onLog: (hostId, line) => this.deps.log(`[${hostId}] ${line}`),
      onFacts: () => this.publishList(),
      onPollSkip: () => this.publishList(),
    });
  }

  private publishList(): void {
    this.deps.publish({ name: 'hostsChanged', payload: this.list() });
  }

  private async persist(): Promise<void> {
    await this.deps.store?.save([...this.configs.values()]);
  }
}
