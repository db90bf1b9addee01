import { SERVICE_PROJECTS } from '../../../../tools/lib/plan.cjs';
import { ensureBuilt } from '../../../../tools/lib/test-stack.cjs';

/** Runs the real builds; builds them first when dist/ lacks one (e.g. plain `npx jest`). */
export default function globalSetup(): void {
  if (process.env['BOOKINFO_URL']) return;
  ensureBuilt(SERVICE_PROJECTS);
}
