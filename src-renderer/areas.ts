/**
 * The renderer's areas, loaded once before the first render: each contributes its screen, tabs,
 * palette commands, host actions, feeds and dialogs to the shell (app/contributions.ts). The
 * order is the layering of eslint/layers.js (FEATURE_ORDER): an area imports only those above.
 */
import './features/prompts/contributions';
import './features/charts/contributions';
import './features/hosts/contributions';
import './features/workflows/contributions';
import './features/diff/contributions';
import './features/terminals/contributions';
import './features/files/contributions';
import './features/tunnels/contributions';
import './features/exec/contributions';
import './features/mysql/contributions';
import './features/ec2/contributions';
import './features/backups/contributions';
import './features/audit/contributions';
import './features/checks/contributions';
import './features/settings/contributions';
