// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { host, profiles } from '../testing/fixtures';
import AddHostDialog from './AddHostDialog.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

describe('AddHostDialog', () => {
  let wrapper: ReturnType<typeof mount<typeof AddHostDialog>>;
  const field = (label: RegExp) => {
    const l = wrapper.findAll('label').find((x) => label.test(x.text()));
    if (!l) throw new Error(`no label ${label}`);
    return wrapper.get(`#${CSS.escape(l.attributes('for')!)}`);
  };
  const submit = async () => {
    await wrapper.get('form').trigger('submit');
    await flushPromises();
  };
  const openAdd = async () => {
    wrapper = mount(AddHostDialog, { props: { hostId: null }, attachTo: document.body });
    await flushPromises();
  };

  beforeEach(() => {
    fake.reset();
    fake.respond('listProfiles', () => profiles);
    setActivePinia(createPinia());
  });
  afterEach(() => wrapper.unmount());

  it('opens as a modal with the name field focused and a label for every input', async () => {
    await openAdd();
    expect(document.querySelector('dialog')?.open).toBe(true);
    expect(document.activeElement).toBe(field(/^Name/).element);
    for (const input of wrapper.findAll('input, textarea')) {
      const labelled =
        input.element.closest('label') ??
        document.querySelector(`label[for="${input.element.id}"]`);
      expect(labelled, input.html()).not.toBeNull();
    }
  });

  it('refuses a bad address and port 0 with the schema’s reasons, without calling the core', async () => {
    await openAdd();
    await field(/^Name/).setValue('rack 3');
    await field(/^Address/).setValue('xen3; rm -rf /');
    await field(/^Port/).setValue('0');
    await field(/^User/).setValue('root');
    await submit();
    expect(field(/^Address/).attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('letters, digits, dots, dashes and colons only');
    expect(wrapper.text()).toContain('a port from 1 to 65535');
    expect(fake.callsOf('addHost')).toEqual([]);
    // Fixing a field clears its message as the operator types.
    await field(/^Port/).setValue('2222');
    expect(wrapper.text()).not.toContain('a port from 1 to 65535');
  });

  it('sends the whole HostConfigInput and closes once the core accepted it', async () => {
    fake.respond('addHost', (cfg) => host('xen3', { name: cfg.name }));
    await openAdd();
    await field(/^Name/).setValue('  Xen 3 ');
    await field(/^Address/).setValue('xen3.example.org');
    await field(/^Port/).setValue('2222');
    await field(/^User/).setValue('admin');
    await wrapper.get('input[type="radio"][value="key"]').setValue(true);
    await field(/^Identity files/).setValue('~/.ssh/id_ed25519\n\n~/.ssh/id_rsa');
    await wrapper.get('input[type="radio"][value="credit2"]').setValue(true);
    await field(/^ProxyJump/).setValue('ops@bastion.example.org:2200, gw');
    await field(/^Group/).setValue('rack 3');
    await field(/^Command prefix/).setValue('sudo  -n');
    await submit();
    expect(fake.callsOf('addHost')).toEqual([
      {
        name: 'Xen 3',
        address: 'xen3.example.org',
        port: 2222,
        user: 'admin',
        auth: 'key',
        identityFiles: ['~/.ssh/id_ed25519', '~/.ssh/id_rsa'],
        profile: 'credit2',
        jump: [
          { address: 'bastion.example.org', port: 2200, user: 'ops' },
          { address: 'gw', port: 22, user: 'admin' },
        ],
        group: 'rack 3',
        commandPrefix: ['sudo', '-n'],
      },
    ]);
    expect(wrapper.emitted('close')).toHaveLength(1);
  });

  it('shows the core’s refusal in the dialog and stays open', async () => {
    fake.respond('addHost', () => {
      throw new Error('A host named xen3 already exists.');
    });
    await openAdd();
    await field(/^Name/).setValue('xen3');
    await field(/^Address/).setValue('10.0.0.3');
    await field(/^User/).setValue('root');
    await submit();
    expect(wrapper.get('[role="alert"]').text()).toBe('A host named xen3 already exists.');
    expect(wrapper.emitted('close')).toBeUndefined();
  });

  it('lists ~/.ssh/config hosts and fills the form from one without saving anything', async () => {
    fake.respond('importSshConfig', () => [
      {
        alias: 'xen7',
        address: 'xen7.lab',
        port: 2022,
        user: 'root',
        identityFiles: ['~/.ssh/lab_ed25519'],
        jump: [{ address: 'bastion.lab', port: 22, user: 'ops' }],
        warnings: ['Match blocks are not applied'],
      },
    ]);
    await openAdd();
    await wrapper
      .findAll('button')
      .find((b) => b.text().includes('From ~/.ssh/config'))!
      .trigger('click');
    await flushPromises();
    const picker = wrapper.get('[aria-label="Hosts from ~/.ssh/config"]');
    expect(picker.text()).toContain('root@xen7.lab:2022');
    expect(picker.text()).toContain('via ops@bastion.lab');
    expect(picker.text()).toContain('Match blocks are not applied');
    await wrapper.get('[aria-label="Fill the form from xen7"]').trigger('click');
    expect((field(/^Name/).element as HTMLInputElement).value).toBe('xen7');
    expect((field(/^Address/).element as HTMLInputElement).value).toBe('xen7.lab');
    expect((field(/^ProxyJump/).element as HTMLInputElement).value).toBe('ops@bastion.lab');
    expect((field(/^Identity files/).element as HTMLTextAreaElement).value).toBe(
      '~/.ssh/lab_ed25519',
    );
    // Nothing but reads: the import and the profile list the dialog shows.
    expect(fake.calls.map((c) => c.method).sort()).toEqual(['importSshConfig', 'listProfiles']);
  });

  it('edits: loads the host’s settings, then sends updateHost with its id', async () => {
    fake.respond('getHostConfig', ({ id }) => ({
      id,
      name: 'Xen 1',
      address: 'xen1.example.org',
      port: 22,
      user: 'root',
      auth: 'agent',
      identityFiles: [],
      profile: 'vslicer',
      jump: [],
      group: '',
      commandPrefix: ['sudo', '-n'],
    }));
    fake.respond('updateHost', ({ id }) => host(id));
    wrapper = mount(AddHostDialog, { props: { hostId: 'xen1' }, attachTo: document.body });
    await flushPromises();
    expect((field(/^Command prefix/).element as HTMLInputElement).value).toBe('sudo -n');
    await field(/^Group/).setValue('lab');
    await submit();
    expect(fake.callsOf('updateHost')).toEqual([
      {
        id: 'xen1',
        config: expect.objectContaining({
          name: 'Xen 1',
          group: 'lab',
          commandPrefix: ['sudo', '-n'],
        }),
      },
    ]);
  });

  it('offers the profiles the core lists, and says so when it cannot list them', async () => {
    await openAdd();
    expect(
      wrapper
        .findAll('input[type="radio"][name], .profile input')
        .map((x) => x.attributes('value')),
    ).toEqual(profiles.map((p) => p.name));
    expect(wrapper.text()).toContain(profiles[2]!.help);
    wrapper.unmount();
    setActivePinia(createPinia());
    fake.respond('listProfiles', () => {
      throw new Error('core restarting');
    });
    await openAdd();
    expect(wrapper.text()).toContain('Could not load the host profiles: core restarting');
  });
});
