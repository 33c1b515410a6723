// n8n's verified-community-package scanner (static analysis leg), on the tarball `npm pack`
// makes, as n8n would download it. Exits non-zero on any finding.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const dir = mkdtempSync(join(tmpdir(), 'token-auth-scan-'));
try {
	execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
		cwd: new URL('../package', import.meta.url),
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
	execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
	const result = await analyzePackage(join(dir, 'package'));
	if (!result.passed || result.message === 'No files found to analyze') {
		console.error(`n8n package scan failed: ${result.message}\n${result.details ?? ''}`);
		process.exitCode = 1;
	} else {
		console.log(`n8n package scan passed (${tarball})`);
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
