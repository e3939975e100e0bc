// Fails early, with the one line that fixes it, when no Chromium is installed for browser tests.
import { existsSync } from 'node:fs';

import { chromiumPath } from './chromium-path.mjs';

if (!chromiumPath || !existsSync(chromiumPath)) {
  console.error(
    'Chromium was not found (looked at $CHROMIUM_PATH and /usr/bin/chromium).\n' +
      'Install it with: sudo apt-get install -y chromium',
  );
  process.exit(1);
}
