// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { host } from '../testing/fixtures';
import HostCard from './HostCard.vue';

const pulse = {
  vmCount: 5,
  lsvmCount: 1,
  fairness: 0.9734,
  worstP99Ms: 12.345,
  spark: [40, 55, 61.6],
};

describe('HostCard', () => {
  it('shows the host’s figures with units and opens on click', async () => {
    const card = mount(HostCard, { props: { host: host('xen1', { name: 'Rack 4' }), pulse } });
    const figure = (name: string) => card.get(`[data-figure="${name}"]`).text();
    expect(card.text()).toContain('Rack 4');
    expect(figure('vms')).toBe('5');
    expect(figure('lsvms')).toBe('1');
    expect(figure('fairness')).toBe('0.97');
    expect(figure('p99')).toBe('12.3 ms');
    expect(card.get('.total').text()).toBe('62 %');
    expect(card.get('canvas').attributes('aria-label')).toContain(
      'Total guest CPU share of Rack 4',
    );
    await card.trigger('click');
    expect(card.emitted('open')).toHaveLength(1);
  });

  it('says — where nothing is known yet', () => {
    const card = mount(HostCard, {
      props: {
        host: host('xen2'),
        pulse: { vmCount: 0, lsvmCount: null, fairness: null, worstP99Ms: null, spark: [] },
      },
    });
    for (const name of ['lsvms', 'fairness', 'p99'])
      expect(card.get(`[data-figure="${name}"]`).text()).toBe('—');
    expect(card.get('.total').text()).toBe('—');
  });
});
