import { Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { ReminderJob } from '../../app/reminders/reminderJob.js';
import { AccoladeError } from '../../errors.js';
import { requireScope } from '../auth.js';

/** `POST /api/v1/reminders/run` (admin): runs the reminder job now and answers what it did. */
export function reminderRoutes(deps: { readonly apiKeys: ApiKeyService; readonly reminders: ReminderJob }): Router {
  const router = Router();
  router.post('/api/v1/reminders/run', requireScope(deps.apiKeys, 'admin'), async (_req, res) => {
    const run = await deps.reminders.run();
    if (run === null) {
      throw new AccoladeError('conflict', 'The reminder job is already running; try again when it is over', {
        job: 'reminders',
      });
    }
    res.json(run);
  });
  return router;
}
