import { describe, expect, it } from 'vitest';
import { classSwitch } from '../testing/fixtures';
import { switchAnnotations, switchLabel } from './switch-annotations';

describe('switchAnnotations', () => {
  const colours = { line: '#111', muted: '#999', labelBg: '#fff', labelText: '#000' };
  const range = { min: 0, max: 60_000 };

  it('draws a labelled line at each done switch and a muted one at a failed switch', () => {
    const notes = switchAnnotations(
      [
        classSwitch('s1', { startedAt: 10_000 }),
        classSwitch('s2', { startedAt: 20_000, state: 'failed', error: 'refused' }),
        classSwitch('s3', { startedAt: 30_000, to: { vmClass: 'NLSVM', microsliceMs: 0 } }),
      ],
      range,
      colours,
    );
    expect(Object.keys(notes)).toEqual(['switch-s1', 'switch-s2', 'switch-s3']);
    const done = notes['switch-s1'];
    expect(done).toMatchObject({ type: 'line', scaleID: 'x', value: 10_000, borderColor: '#111' });
    expect(done?.label?.content).toBe('web-frontend → LSVM 5 ms');
    const failed = notes['switch-s2'];
    expect(failed).toMatchObject({ borderColor: '#999', borderDash: [4, 4] });
    expect(failed?.label?.content).toBe('web-frontend → LSVM 5 ms (failed)');
    expect(notes['switch-s3']?.label?.content).toBe('web-frontend → NLSVM');
  });

  it('leaves out running switches and switches outside the range', () => {
    const notes = switchAnnotations(
      [
        classSwitch('run', { startedAt: 10_000, state: 'running', finishedAt: null }),
        classSwitch('old', { startedAt: -5 }),
        classSwitch('late', { startedAt: 60_001 }),
      ],
      range,
      colours,
    );
    expect(notes).toEqual({});
    expect(
      switchLabel(classSwitch('x', { vm: 'db', to: { vmClass: 'LSVM', microsliceMs: 2 } })),
    ).toBe('db → LSVM 2 ms');
  });
});
