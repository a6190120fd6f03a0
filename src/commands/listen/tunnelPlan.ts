import { UsageError } from '../../core/errors.js';
import { cloudflaredInstallHint, ngrokInstallHint } from '../../core/tunnel/installHint.js';
import { parsePublicUrl } from '../../core/tunnel/pasteUrl.js';
import { findOnPath } from '../../io/tunnel/findOnPath.js';
import { findNgrokLibrary } from '../../io/tunnel/ngrokLibrary.js';

export interface TunnelOptions {
  /** `--tunnel` alone is `true` (Cloudflare); `--tunnel ngrok` names the provider. */
  tunnel?: string | boolean;
  publicUrl?: string;
}

/** What `listen` will put in front of its port, decided (and checked) before anything starts. */
export type TunnelPlan =
  | { kind: 'cloudflared'; file: string }
  | { kind: 'ngrok-library'; file: string; authtoken: string }
  | { kind: 'ngrok-binary'; file: string }
  | { kind: 'public-url'; url: URL };

async function planNgrok(env: NodeJS.ProcessEnv, cwd: string, platform: string): Promise<TunnelPlan> {
  const library = findNgrokLibrary(cwd);
  const authtoken = env.NGROK_AUTHTOKEN || undefined;
  if (library && authtoken) return { kind: 'ngrok-library', file: library, authtoken };
  // The agent may have its authtoken in its own config file (ngrok config add-authtoken).
  const binary = await findOnPath('ngrok', env, platform as NodeJS.Platform);
  if (binary) return { kind: 'ngrok-binary', file: binary };
  if (library) throw new UsageError('--tunnel ngrok found @ngrok/ngrok but NGROK_AUTHTOKEN is not set: export your authtoken from https://dashboard.ngrok.com/get-started/your-authtoken');
  throw new UsageError(`--tunnel ngrok needs the ngrok agent (${ngrokInstallHint(platform)}) or \`npm install @ngrok/ngrok\` in your project, with NGROK_AUTHTOKEN set`);
}

/**
 * `--tunnel [cloudflare|ngrok]` or `--public-url URL`. A missing program is a usage error (exit 2,
 * one line saying what to install): this tool never downloads and runs a binary on its own.
 */
export async function planTunnel(opts: TunnelOptions, env: NodeJS.ProcessEnv, cwd: string, platform: string): Promise<TunnelPlan | null> {
  const wanted = opts.tunnel === true ? 'cloudflare' : opts.tunnel || undefined;
  if (wanted && opts.publicUrl !== undefined) throw new UsageError('--tunnel and --public-url cannot be used together: --public-url is for a tunnel you run yourself');
  if (opts.publicUrl !== undefined) return { kind: 'public-url', url: parsePublicUrl(opts.publicUrl) };
  if (wanted === undefined) return null;
  if (wanted === 'ngrok') return planNgrok(env, cwd, platform);
  const file = await findOnPath('cloudflared', env, platform as NodeJS.Platform);
  if (!file) throw new UsageError(`--tunnel needs cloudflared, which is not on your PATH: install it (${cloudflaredInstallHint(platform)}), or use --tunnel ngrok or --public-url`);
  return { kind: 'cloudflared', file };
}
