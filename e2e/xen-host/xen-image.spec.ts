import { describe, expect, it } from 'vitest';
import { imageKey, keyOf } from './xen-image';

// The image is rebuilt exactly when what goes into it changes.
describe('the dom0 image cache key', () => {
  const files = [
    { path: 'build-image.sh', content: 'debootstrap …' },
    { path: 'rootfs/etc/xen/vslicer-idle.cfg', content: 'memory = 128' },
  ];
  const versions = 'xen-hypervisor-4.17-amd64 4.17.5+72-g01140da4e8-1';

  it('is the same for the same versions and files, in any order', () => {
    expect(keyOf(versions, files)).toBe(keyOf(versions, [...files].reverse()));
    expect(keyOf(versions, files)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with a package version', () => {
    expect(keyOf('xen-hypervisor-4.17-amd64 4.17.6-1', files)).not.toBe(keyOf(versions, files));
  });

  it('changes with a builder file, its content or its name', () => {
    const edited = [files[0]!, { path: files[1]!.path, content: 'memory = 256' }];
    const renamed = [files[0]!, { path: 'rootfs/etc/xen/other.cfg', content: files[1]!.content }];
    expect(keyOf(versions, edited)).not.toBe(keyOf(versions, files));
    expect(keyOf(versions, renamed)).not.toBe(keyOf(versions, files));
  });

  it('does not let a name run into its content', () => {
    expect(keyOf(versions, [{ path: 'ab', content: 'c' }])).not.toBe(
      keyOf(versions, [{ path: 'a', content: 'bc' }]),
    );
  });

  it('is computed from this checkout', () => {
    expect(imageKey()).toMatch(/^[0-9a-f]{16}$/);
  });
});
