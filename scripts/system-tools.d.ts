// Types of scripts/system-tools.js for the TypeScript test helpers that import it.
export interface SystemTool {
  tool: string;
  path: string;
  pkg: string;
  suite: 'test' | 'xen';
  why: string;
}
export declare const SYSTEM_TOOLS: readonly SystemTool[];
export declare function missingTools(
  suites: readonly ('test' | 'xen')[],
  exists?: (path: string) => boolean,
): SystemTool[];
export declare function installCommand(missing: readonly { pkg: string }[]): string;
export declare function missingLine(missing: readonly SystemTool[]): string | null;
export declare function requireTool(tool: string): string;
