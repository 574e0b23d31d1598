import { schedule } from 'node-cron';
import type { Logger } from '../../ports/logger.js';
import type { ReminderJob } from './reminderJob.js';

/**
 * Runs the reminder job on its cron expression (UTC). A run that finds the lease taken (another
 * instance, or a run from the API) does nothing; node-cron's noOverlap keeps this instance's runs
 * from piling up behind a long one.
 */
export function scheduleReminders(job: Pick<ReminderJob, 'run'>, cron: string, logger: Logger) {
  const task = schedule(
    cron,
    async () => {
      try {
        await job.run();
      } catch (error) {
        logger.error({ err: error }, 'the reminder job failed');
      }
    },
    { timezone: 'UTC', noOverlap: true, name: 'reminders' },
  );
  task.unref();
  return {
    task,
    stop: async () => {
      await task.destroy();
    },
  };
}
