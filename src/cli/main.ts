/**
 * `beamflow <command> [args]`: each command lives in src/cli/commands/<command>.ts and exports
 * `run(argv): Promise<number>` and a one-line `summary`.
 */
import { readdir } from 'node:fs/promises';

interface CommandModule {
  run(argv: string[]): Promise<number>;
  summary: string;
}

const commandsDir = new URL('./commands/', import.meta.url);

async function listCommands(): Promise<string[]> {
  const files = await readdir(commandsDir).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3)).sort();
}

async function loadCommand(name: string): Promise<CommandModule | null> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return null;
  if (!(await listCommands()).includes(name)) return null;
  return (await import(new URL(`${name}.ts`, commandsDir).href)) as CommandModule;
}

async function usage(): Promise<string> {
  const lines = ['usage: beamflow <command> [options]', '', 'commands:'];
  for (const name of await listCommands()) {
    const mod = await loadCommand(name);
    lines.push(`  ${name.padEnd(12)} ${mod?.summary ?? ''}`);
  }
  lines.push('', 'Run `beamflow <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const mod = await loadCommand(name);
  if (!mod) {
    console.error(`beamflow: unknown command '${name}'\n`);
    console.error(await usage());
    return 2;
  }
  return mod.run(rest);
}
