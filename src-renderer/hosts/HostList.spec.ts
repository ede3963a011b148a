// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { host } from '../testing/fixtures';
import HostList from './HostList.vue';

describe('HostList', () => {
  it('has a Sessions entry below Overview, and lists recorded hosts last under their session with a Recorded badge', async () => {
    const list = mount(HostList, {
      props: {
        hosts: [
          host('rec-demo', { kind: 'recorded', name: 'Demo host', target: null }),
          host('demo', { kind: 'demo', name: 'Demo host', target: null }),
          host('xen1', { group: 'Rack A' }),
        ],
        selectedId: null,
        sessionsActive: true,
        recordedGroup: () => 'Recorded: Night run',
      },
    });
    const entries = list.findAll('button.overview');
    expect(entries.map((b) => b.get('.overview-name').text())).toEqual([
      'Overview',
      'Sessions',
      'Settings',
    ]);
    expect(entries[1]!.attributes('aria-current')).toBe('page');
    expect(list.findAll('section.group').map((g) => g.attributes('aria-label') ?? '')).toEqual([
      '',
      'Rack A',
      'Recorded: Night run',
    ]);
    const recorded = list.get('[data-host-id="rec-demo"]');
    expect(recorded.get('.recorded').text()).toBe('Recorded');
    expect(recorded.find('[role="status"]').exists()).toBe(false);
    await entries[1]!.trigger('click');
    expect(list.emitted('sessions')).toHaveLength(1);
  });

  it('says how many alerts each host has raised, and nothing for a host with none', () => {
    const list = mount(HostList, {
      props: {
        hosts: [host('demo', { kind: 'demo', target: null }), host('xen1'), host('xen2')],
        selectedId: null,
        alertCounts: new Map([
          ['demo', 1],
          ['xen1', 3],
        ]),
      },
    });
    expect(list.get('[data-host-id="demo"] .alerts').text()).toBe('1 alert raised');
    expect(list.get('[data-host-id="xen1"] .alerts').text()).toBe('3 alerts raised');
    expect(list.find('[data-host-id="xen2"] .alerts').exists()).toBe(false);
  });
});
