import { describe, expect, it } from 'vitest';
import { remoteSafeStorage } from './remote-safe-storage';

describe("the core process's safeStorage (main encrypts over the port)", () => {
  it("carries Linux's keyring backend, so a keyring-less desktop (basic_text) is noticed in the core", () => {
    const none = remoteSafeStorage(() => {}, true, 'basic_text').storage;
    expect(none.getSelectedStorageBackend?.()).toBe('basic_text');
    const keyring = remoteSafeStorage(() => {}, true, 'gnome_libsecret').storage;
    expect(keyring.getSelectedStorageBackend?.()).toBe('gnome_libsecret');
    // macOS / Windows: no backend to tell.
    expect(remoteSafeStorage(() => {}, true).storage.getSelectedStorageBackend).toBeUndefined();
  });
});
