import { badFile } from './column-table.ts';
import { parsePerlList, PerlSyntaxError, type PerlValue } from './perl-literal.ts';
import { readTextFile } from './text-file.ts';

/** One group (record) of an Athena project: its arrays and its Demeter parameters. */
export interface AthenaGroup {
  /** Athena's label, e.g. 'fe2o3_rt1.xmu'. */
  readonly label: string;
  /** Athena's internal group id ($old_group). */
  readonly group: string;
  /** energy (from @x), mu (from @y, for mu(E) records) and any other @arrays (i0, signal, …). */
  readonly arrays: Readonly<Record<string, Float64Array>>;
  readonly params: Readonly<Record<string, string | number | null>>;
}

export function readAthena(path: string): AthenaGroup[] {
  return parseAthena(readTextFile(path), path);
}

/** Parses the (already gunzipped) text of an Athena project. Statements are parsed, never evaluated. */
export function parseAthena(text: string, file: string): AthenaGroup[] {
  if (!/^#\s*Athena project file/m.test(text.slice(0, 400))) throw badFile(file, "not an Athena project (no '# Athena project file' line)");
  const groups: AthenaGroup[] = [];
  let group = '';
  let args: Record<string, string | number | null> = {};
  let arrays: Record<string, Float64Array> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = `line ${i + 1}`;
    const og = /^\$old_group\s*=\s*'([^']*)'\s*;/.exec(line);
    if (og) {
      group = og[1];
      return;
    }
    const arr = /^@(\w+)\s*=\s*(\(.*\))\s*;\s*$/.exec(line);
    if (arr && group !== '') {
      const vals = parseList(arr[2], file, where);
      if (arr[1] === 'args') {
        args = {};
        for (let j = 0; j + 1 < vals.length; j += 2) {
          const v = vals[j + 1];
          args[String(vals[j])] = typeof v === 'string' || typeof v === 'number' || v === null ? v : JSON.stringify(v);
        }
      } else {
        const nums = new Float64Array(vals.length);
        vals.forEach((v, j) => {
          const n = typeof v === 'number' ? v : Number(v);
          if (typeof v !== 'number' && (typeof v !== 'string' || v.trim() === '' || Number.isNaN(n))) {
            throw badFile(file, `${where}: @${arr[1]}[${j}] = ${JSON.stringify(v)} is not a number`);
          }
          nums[j] = n;
        });
        arrays[arr[1]] = nums;
      }
      return;
    }
    if (line.startsWith('[record]') && group !== '') {
      groups.push(finish(group, args, arrays, file));
      group = '';
      args = {};
      arrays = {};
    }
  });
  if (group !== '') throw badFile(file, `group '${group}' has no closing [record] line (truncated file?)`);
  if (groups.length === 0) throw badFile(file, 'no groups in the project');
  return groups;
}

function parseList(src: string, file: string, where: string): PerlValue[] {
  try {
    return parsePerlList(src);
  } catch (e) {
    if (e instanceof PerlSyntaxError) throw badFile(file, `${where}: ${e.message}`);
    throw e;
  }
}

function finish(group: string, args: Record<string, string | number | null>, raw: Record<string, Float64Array>, file: string): AthenaGroup {
  const label = String(args.label ?? group);
  const x = raw.x;
  if (!x) throw badFile(file, `group '${label}' has no @x (energy) array`);
  const arrays: Record<string, Float64Array> = { energy: x };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'x') continue;
    if (v.length !== x.length) throw badFile(file, `group '${label}': @${k} has ${v.length} points, @x has ${x.length}`);
    arrays[k === 'y' ? 'mu' : k] = v;
  }
  return { label, group, arrays, params: args };
}
