import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Express, Router } from 'express';
import { createSafeFetcher, withCache } from './adapters/fetch-safe/index.js';
import { createSharpBadgeImages } from './adapters/images-sharp/sharpBadgeImages.js';
import { createOutboxMailer } from './adapters/mail-outbox/outboxMailer.js';
import { createSmtpMailer } from './adapters/mail-smtp/smtpMailer.js';
import { createPdfkitRecordPdfs } from './adapters/pdf-pdfkit/pdfkitRecordPdfs.js';
import { keyEncryptionSecret } from './adapters/secret-file/keyEncryptionSecret.js';
import { readStandardDocuments } from './adapters/standards-files/readStandardDocuments.js';
import { openDatabase } from './adapters/store/openDatabase.js';
import { API_KEYS_COLLECTION, type ApiKeyRecord, createApiKeyService } from './app/apiKeys/apiKeys.js';
import { createAwardDocuments } from './app/awards/awardDocuments.js';
import { AWARDS_COLLECTION, type AwardRecord } from './app/awards/awardRecord.js';
import { createIssueAward } from './app/awards/issueAward.js';
import { withIssueFollowUps } from './app/awards/issueWithFollowUps.js';
import { withKnownValues } from './app/awards/knownValues.js';
import { createListAwards } from './app/awards/listAwards.js';
import { createPreparedReads } from './app/awards/preparedReads.js';
import { createRevokeAward } from './app/awards/revokeAward.js';
import { createRevokedAwards } from './app/awards/revokedAwards.js';
import { createBulkJobService } from './app/bulk/bulkJobService.js';
import { ACCOUNTS_COLLECTION, type AccountRecord, createAccounts } from './app/candidates/accounts.js';
import { createBadgeChoices } from './app/candidates/badgeChoices.js';
import { createCandidateUrls } from './app/candidates/candidateUrls.js';
import { createSessions, SESSIONS_COLLECTION, type SessionRecord } from './app/candidates/sessions.js';
import { createTokens, TOKENS_COLLECTION, type TokenRecord } from './app/candidates/tokens.js';
import { createPublicDocuments } from './app/documents/publicDocuments.js';
import { createExplainEligibility } from './app/eligibility/explainEligibility.js';
import { createKeyRing, KEY_SETS_COLLECTION, type KeySetRecord } from './app/keys/keyRing.js';
import { createSecretBox } from './app/keys/secretBox.js';
import { startAwardMailSweep } from './app/mail/awardMailSweep.js';
import { createAwardNotifications } from './app/mail/awardNotifications.js';
import { createComposer } from './app/mail/composeMail.js';
import { createMailQueue, type MailQueue } from './app/mail/mailQueue.js';
import { MAIL_COLLECTION, type MailRecord } from './app/mail/mailRecord.js';
import { requestsFirst } from './app/mail/requestsFirst.js';
import { createAttachEmail } from './app/profiles/attachEmail.js';
import { createLearnerRecord } from './app/profiles/learnerRecord.js';
import { createMergeHistory, createMergeProfiles } from './app/profiles/mergeProfiles.js';
import { createNameChanges } from './app/profiles/nameChanges.js';
import {
  NAME_CHANGES_COLLECTION,
  type NameChangeRecord,
  PROFILE_EMAILS_COLLECTION,
  PROFILE_MERGES_COLLECTION,
  PROFILES_COLLECTION,
  type ProfileEmailRecord,
  type ProfileMergeRecord,
  type ProfileRecord,
} from './app/profiles/profileRecord.js';
import { createProfiles } from './app/profiles/profiles.js';
import { createReissueAward } from './app/profiles/reissueAward.js';
import { createJobLeases, LEASES_COLLECTION, type LeaseRecord } from './app/reminders/jobLease.js';
import { scheduleReminders } from './app/reminders/reminderCron.js';
import { createReminderJob, type ReminderJob } from './app/reminders/reminderJob.js';
import { createRulesPreview } from './app/rules/previewImpact.js';
import { createRulesHistory, RULES_HISTORY_COLLECTION, type RulesHistoryRecord } from './app/rules/rulesHistory.js';
import { createRulesService } from './app/rules/rulesService.js';
import { createVerifyBadge } from './app/verify/verifyUseCase.js';
import type { IssuerProfileInput } from './badges/documentInput.js';
import { generateKeySet, type KeySetMaterial } from './badges/keys/keySetMaterial.js';
import { dataIntegrityKey } from './badges/ob3/dataIntegrity/key.js';
import { createDataIntegritySigner } from './badges/ob3/dataIntegrity/signer.js';
import { createStandards } from './badges/standards.js';
import { createUrlLayout } from './badges/urls.js';
import { type Config, publicUrlWarning } from './config.js';
import { limitFailedAuthentications } from './http/auth.js';
import { AuthFailureLimit } from './http/authFailureLimit.js';
import { accountEmailRoutes } from './http/candidates/accountEmailRoutes.js';
import { accountNameRoutes } from './http/candidates/accountNameRoutes.js';
import { accountRecordRoutes } from './http/candidates/accountRecordRoutes.js';
import { accountRoutes } from './http/candidates/accountRoutes.js';
import { claimRoutes } from './http/candidates/claimRoutes.js';
import { cookiePolicy } from './http/candidates/formSecurity.js';
import { signInRoutes } from './http/candidates/signInRoutes.js';
import { unsubscribeRoutes } from './http/candidates/unsubscribeRoutes.js';
import { createApp } from './http/createApp.js';
import { documentRoutes, originJwksRoutes } from './http/documents/documentRoutes.js';
import { publicDocumentTable } from './http/documents/documentTable.js';
import { createOwnDocumentsFetcher } from './http/documents/ownDocumentsFetcher.js';
import { apiKeyRoutes } from './http/routes/apiKeyRoutes.js';
import { type AwardRouteDeps, awardRoutes, ISSUE_PATH, issueHandlers } from './http/routes/awardRoutes.js';
import { badgePageRoutes } from './http/routes/badgePageRoutes.js';
import { bulkRoutes, validateBulkRow } from './http/routes/bulkRoutes.js';
import { catalogRoutes } from './http/routes/catalogRoutes.js';
import { certificateRoutes } from './http/routes/certificateRoutes.js';
import { HEALTH_PATH, healthCheck } from './http/routes/healthRoutes.js';
import { homeRoutes } from './http/routes/homeRoutes.js';
import { keyRoutes } from './http/routes/keyRoutes.js';
import { nameChangeRoutes } from './http/routes/nameChangeRoutes.js';
import { profileRoutes } from './http/routes/profileRoutes.js';
import { reminderRoutes } from './http/routes/reminderRoutes.js';
import { rulesRoutes } from './http/routes/rulesRoutes.js';
import { verifyRoutes } from './http/verify/verifyRoutes.js';
import { projectPath } from './paths.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { Fetcher } from './ports/fetcher.js';
import { type Logger, silentLogger } from './ports/logger.js';
import type { Mailer } from './ports/mailer.js';
import type { Collection, StoredDocument } from './ports/store.js';

export interface ServiceOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Replaces the verifier's outbound fetcher (tests, benchmarks). */
  readonly fetcher?: Fetcher;
  /** Worker threads for Data Integrity signing; defaults to one per core beyond the first. */
  readonly signingWorkers?: number;
  /** Replaces the mailer the configuration picks (tests). */
  readonly mailer?: Mailer;
}

export interface Service {
  readonly app: Express;
  readonly config: Config;
  /** An admin API key created on first start (printed once by main), or null. */
  readonly initialAdminKey: string | null;
  /** The outgoing mail queue (its events tell when a message is over). */
  readonly mail: MailQueue;
  /** How many award emails the start found missing and queued, once that sweep is over. */
  readonly swept: Promise<number>;
  /** The reminder job of unclaimed badges (also run by cron and by the API). */
  readonly reminders: ReminderJob;
  reloadRules(): Promise<void>;
  close(): Promise<void>;
}

/** The composition root: picks adapters from the configuration and wires the use cases to HTTP. */
export async function createService(config: Config, overrides: ServiceOverrides = {}): Promise<Service> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? silentLogger;
  const urls = createUrlLayout(config.publicUrl);
  const urlWarning = publicUrlWarning(config.publicUrl);
  if (urlWarning !== undefined) logger.warn({ publicUrl: config.publicUrl }, urlWarning);
  const issuer: IssuerProfileInput = {
    name: config.issuer.name,
    url: config.issuer.url,
    email: config.issuer.email,
    description: config.issuer.description,
    imageUrl: config.issuer.imageUrl ?? urls.issuerImage,
    ...(config.issuer.linkedInOrganizationId === undefined
      ? {}
      : { linkedInOrganizationId: config.issuer.linkedInOrganizationId }),
  };

  // The JSON-LD contexts and official schemas the formats follow, read once (badges/ does no I/O).
  const standards = createStandards(readStandardDocuments());
  const rules = createRulesService({
    path: config.rulesPath ?? projectPath('assets', 'catalog.json'),
    clock,
    logger,
  });
  const database = await openDatabase(config, { logger });
  const closers: Array<() => Promise<void> | void> = [() => rules.close(), () => database.close()];
  try {
    const [apiKeyCollection, keySetCollection, openedAwards, rulesHistoryCollection] = await Promise.all([
      database.collection<ApiKeyRecord>(API_KEYS_COLLECTION),
      database.collection<KeySetRecord>(KEY_SETS_COLLECTION),
      database.collection<AwardRecord>(AWARDS_COLLECTION),
      database.collection<RulesHistoryRecord>(RULES_HISTORY_COLLECTION),
    ]);
    const [mailCollection, tokenCollection, openedAccounts, sessionCollection] = await Promise.all([
      database.collection<MailRecord>(MAIL_COLLECTION),
      database.collection<TokenRecord>(TOKENS_COLLECTION),
      database.collection<AccountRecord>(ACCOUNTS_COLLECTION),
      database.collection<SessionRecord>(SESSIONS_COLLECTION),
    ]);
    // Most recipients issued to have no account and no profile link: where this process owns the
    // store, a lookup of an address neither ever held is answered without a read (knownValues.ts).
    const knownValues = <T extends StoredDocument>(collection: Collection<T>, field: string) =>
      database.kind === 'embedded' ? withKnownValues(collection, field) : collection;
    const storedAccounts = knownValues(openedAccounts, 'email');
    // Nor does a recipient never issued to have any award: their history is then known empty.
    const storedAwards = knownValues(openedAwards, 'recipientEmail');
    // A bulk job reads what a slice of rows needs in one query per kind, and issueAward's reads
    // are answered from it (preparedReads.ts): only where this process owns the store.
    const prepared =
      database.kind === 'embedded'
        ? createPreparedReads({
            awards: storedAwards,
            accounts: storedAccounts,
            linkedProfiles: (emails) => profiles.linkedMany(emails),
            issuingProfile: (email) => profiles.issuingProfile(email),
            accountByEmail: (email) => accounts.byEmail(email),
          })
        : undefined;
    const awards = prepared?.awards ?? storedAwards;
    // What prepared reads answer for besides the awards: a write to any of them drops them.
    const forgettingWrites = <T extends StoredDocument>(collection: Collection<T>) =>
      prepared?.forgettingWrites(collection) ?? collection;
    const accountCollection = forgettingWrites(storedAccounts);
    const rulesHistory = createRulesHistory(rulesHistoryCollection);
    await rules.useHistory(rulesHistory);

    const apiKeys = createApiKeyService({ collection: apiKeyCollection, clock, adminToken: config.adminToken });
    limitFailedAuthentications(apiKeys, new AuthFailureLimit(config.adminAuthFailuresPerMinute, clock));
    const keyRing = createKeyRing<KeySetMaterial>({
      collection: keySetCollection,
      secretBox: createSecretBox(
        keyEncryptionSecret({ configured: config.keyEncryptionSecret, dataDir: config.dataDir, logger }),
      ),
      clock,
      overlapHours: config.keyRotationOverlapHours,
      generate: generateKeySet,
    });
    await keyRing.signing();

    const signer = createDataIntegritySigner({
      workers: overrides.signingWorkers ?? Math.max(1, availableParallelism() - 1),
      contexts: standards.documents.contexts,
    });
    closers.unshift(() => signer.close());
    const images = createSharpBadgeImages({ assetsDir: projectPath('assets'), programmeName: issuer.name });
    const documents = createAwardDocuments({
      urls,
      issuer,
      keyRing,
      images,
      signDataIntegrity: (credential, keySet, created) =>
        signer.sign(credential, dataIntegrityKey(keySet, urls), { created }),
    });

    // A candidate's profile joins the awards of all their emails; eligibility reads them all.
    const [storedProfiles, openedProfileEmails, mergeCollection, nameChangeCollection] = await Promise.all([
      database.collection<ProfileRecord>(PROFILES_COLLECTION),
      database.collection<ProfileEmailRecord>(PROFILE_EMAILS_COLLECTION),
      database.collection<ProfileMergeRecord>(PROFILE_MERGES_COLLECTION),
      database.collection<NameChangeRecord>(NAME_CHANGES_COLLECTION),
    ]);
    const profileCollection = forgettingWrites(storedProfiles);
    const profileEmailCollection = forgettingWrites(knownValues(openedProfileEmails, '_id'));
    const profiles = createProfiles({
      profiles: profileCollection,
      profileEmails: profileEmailCollection,
      awards,
      clock,
    });
    const issueOnly = createIssueAward({
      awards,
      catalog: rules,
      clock,
      signingKeySetId: async () => (await keyRing.signing()).id,
      recheckCompletions: database.kind === 'mongodb',
      issuingProfile: prepared?.issuingProfile ?? profiles.issuingProfile,
    });
    const findAward = (id: string) => awards.findOne({ _id: id });

    const candidateUrls = createCandidateUrls(config.publicUrl);
    const tokens = createTokens({ collection: tokenCollection, clock });
    const accounts = createAccounts({ collection: accountCollection, clock });
    // Requests the HTTP layer has seen: the mail queue gives way while they come fast.
    let requestsSeen = 0;
    const mailer =
      overrides.mailer ??
      (config.mail.smtpUrl === undefined
        ? createOutboxMailer({ directory: join(config.dataDir, 'outbox'), from: config.mail.from })
        : createSmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from }));
    closers.unshift(() => mailer.close());
    const notifications = createAwardNotifications({ awards, mail: mailCollection, queue: () => mail });
    const reminders = createReminderJob({
      awards,
      accounts: accountCollection,
      mail: mailCollection,
      queue: () => mail,
      leases: createJobLeases({ collection: await database.collection<LeaseRecord>(LEASES_COLLECTION), clock }),
      schedule: config.reminders.schedule,
      clock,
      logger,
    });
    // A reminder follows the award's own email: after a crash left awards without theirs, a run
    // (the schedule's or the admin's) waits until the start-up sweep has queued them. Runs come
    // only once the service is made (the routes listen, the schedule starts), so after the sweep
    // below has started.
    const remindersAfterSweep: ReminderJob = {
      ...reminders,
      async run() {
        await awardMailSweep.firstPass;
        return reminders.run();
      },
    };
    const mail = createMailQueue({
      collection: mailCollection,
      mailer,
      compose: createComposer({
        findAwards: (ids) => awards.find({ _id: { $in: [...ids] } }),
        accounts,
        tokens,
        urls,
        candidateUrls,
        issuerName: issuer.name,
      }),
      clock,
      logger,
      exclusive: database.kind === 'embedded',
      messageIdDomain: new URL(config.publicUrl).hostname,
      onSettled: async (message) => {
        await notifications.settled(message);
        await reminders.settled(message);
      },
      pace: requestsFirst({
        requestsSeen: () => requestsSeen,
        now: () => performance.now(),
        sleep: (ms) => sleep(ms),
      }),
    });
    closers.unshift(() => mail.close());
    const choices = createBadgeChoices({ awards, clock });
    const sessions = createSessions({ collection: sessionCollection, clock });
    const issueAward = withIssueFollowUps(issueOnly, {
      accounts: prepared === undefined ? accounts : { byEmail: prepared.accountByEmail },
      choices,
      notifications,
    });
    const revoked = createRevokedAwards({ awards, clock });
    const revokeAward = createRevokeAward({ awards, clock, revokedAwards: revoked });
    const revokedAwards = () => revoked.list();
    const publicDocuments = publicDocumentTable(
      urls,
      createPublicDocuments({ urls, issuer, keyRing, documents, images, awards, catalog: rules, revokedAwards }),
    );
    const outbound =
      overrides.fetcher ??
      withCache(
        createSafeFetcher({
          allowedHosts: config.verifyAllowedHosts,
          timeoutMs: config.verifyFetchTimeoutMs,
          maxBytes: config.verifyMaxResponseBytes,
          userAgent: 'Accolade-Verifier',
        }),
        { clock },
      );
    const fetcher = createOwnDocumentsFetcher({ urls, routes: publicDocuments, outbound });
    const verifyBadge = createVerifyBadge({
      fetcher,
      clock,
      standards,
      trust: {
        ownIssuerIds: [urls.did, urls.ob2Issuer],
        ownDomain: new URL(config.publicUrl).host,
        ownName: issuer.name,
        trusted: config.verifyTrustedIssuers,
      },
    });

    // Candidates' records: transcripts, CLR 2.0 records and certificates.
    const pdfs = createPdfkitRecordPdfs({ fontsDir: projectPath('assets', 'fonts') });
    const learnerRecord = createLearnerRecord({
      urls,
      issuer,
      documents,
      catalog: rules,
      clock,
      signRecord: async (record, created) =>
        signer.sign(record, dataIntegrityKey((await keyRing.signing()).material, urls), { created }),
    });

    const mergeProfiles = createMergeProfiles({
      profiles: profileCollection,
      profileEmails: profileEmailCollection,
      merges: mergeCollection,
      awards,
      revokeAward,
      issueAward,
      catalog: rules,
      clock,
    });
    const attachEmail = createAttachEmail({
      profiles: profileCollection,
      profileEmails: profileEmailCollection,
      profileService: profiles,
      mergeProfiles,
      clock,
    });
    const nameChanges = createNameChanges({
      profiles: profileCollection,
      nameChanges: nameChangeCollection,
      profileService: profiles,
      clock,
    });
    const reissueAward = createReissueAward({
      awards,
      profiles,
      revokeAward,
      signingKeySetId: async () => (await keyRing.signing()).id,
      announce: notifications.issued,
    });

    const candidateDeps = {
      urls,
      cookies: cookiePolicy(config.publicUrl),
      issuerName: issuer.name,
      tokens,
      sessions,
      accounts,
      choices,
      findAward,
    };

    const bulk = await createBulkJobService({
      database,
      issueAward,
      ...(prepared === undefined ? {} : { prepareReads: prepared.prepare }),
      validateRow: validateBulkRow,
      clock,
      logger,
      maxRows: config.bulkMaxRows,
    });
    closers.unshift(() => bulk.close());
    // Every route behind an API key parses its body itself, after the key is checked. The routers
    // are tried in this order: the award API, by far the most asked, first.
    const awardApi: AwardRouteDeps = {
      apiKeys,
      issueAward,
      listAwards: createListAwards({ awards, catalog: rules }),
      findAward,
      revokeAward,
      urls,
      issuer,
      profileEmails: async (id) => (await profiles.byId(id))?.emails ?? null,
      bodyLimitBytes: config.bodyLimitBytes,
    };
    const issueApi = issueHandlers(awardApi);
    const parsingOwnBodies: Router[] = [
      awardRoutes(awardApi, issueApi),
      bulkRoutes({ apiKeys, bulk }),
      rulesRoutes({
        apiKeys,
        rules,
        history: rulesHistory,
        previewRules: createRulesPreview({ rules, awards, clock }),
      }),
      apiKeyRoutes(apiKeys, { bodyLimitBytes: config.bodyLimitBytes }),
      keyRoutes({ apiKeys, keyRing, urls }),
      catalogRoutes({
        apiKeys,
        rules,
        explainEligibility: createExplainEligibility({ awards, catalog: rules, clock }),
      }),
      profileRoutes({
        apiKeys,
        profiles,
        learnerRecord,
        mergeProfiles,
        mergesOf: createMergeHistory(mergeCollection),
        pdfs,
        clock,
        urls,
        issuer,
        bodyLimitBytes: config.bodyLimitBytes,
      }),
      nameChangeRoutes({
        apiKeys,
        nameChanges,
        reissueAward,
        urls,
        issuer,
        bodyLimitBytes: config.bodyLimitBytes,
      }),
      reminderRoutes({ apiKeys, reminders: remindersAfterSweep }),
    ];
    const health = healthCheck(database);
    const routers: Router[] = [
      Router().get(HEALTH_PATH, health),
      certificateRoutes({ findAward, profiles, pdfs, urls, issuer }),
      documentRoutes(publicDocuments),
      homeRoutes({
        urls,
        issuer: {
          ...issuer,
          description: { en: config.issuer.description, fr: config.issuer.descriptionFr },
        },
        catalog: () => rules.current().catalog,
      }),
      badgePageRoutes({ urls, clock, issuer, findAward, verifyBadge }),
      unsubscribeRoutes({ tokens, accounts, mount: urls.mount }),
      claimRoutes(candidateDeps),
      signInRoutes({
        ...candidateDeps,
        clock,
        mail,
        // An address the candidate added to their profile signs in too, badges or not yet.
        hasBadges: async (email) =>
          (await awards.count({ recipientEmail: email })) > 0 ||
          (await profileEmailCollection.count({ _id: email })) > 0,
      }),
      accountRoutes({ ...candidateDeps, profiles, nameChanges }),
      accountNameRoutes({ ...candidateDeps, profiles, nameChanges, reissueAward }),
      accountEmailRoutes({ ...candidateDeps, clock, mail, profiles, attachEmail }),
      accountRecordRoutes({ ...candidateDeps, profiles, learnerRecord, pdfs, clock, issuer }),
      verifyRoutes({
        verifyBadge,
        urls,
        rateLimitPerMinute: config.rateLimitPerMinute,
      }),
    ];
    const app = createApp(
      {
        parsingOwnBodies,
        json: routers,
        atOrigin: [originJwksRoutes(urls, publicDocuments)],
        plain: [{ path: HEALTH_PATH, handler: health }],
        direct: [{ method: 'POST', path: ISSUE_PATH, handlers: issueApi }],
      },
      {
        publicUrl: config.publicUrl,
        bodyLimitBytes: config.bodyLimitBytes,
        trustProxy: config.trustProxy,
        logger,
        countRequest: () => {
          requestsSeen += 1;
        },
      },
    );
    const initialAdminKey = await apiKeys.bootstrap();
    const resumed = await bulk.resumeUnfinished();
    if (resumed.resumed > 0) logger.info(resumed, 'resumed unfinished bulk jobs');
    await mail.start();
    // In the background: the service serves meanwhile. After a burst of issuance the awards still
    // waiting for their email number tens of thousands, and reading them all before listening
    // delayed the start by as many seconds; the ones a crash left without a message are few.
    const awardMailSweep = startAwardMailSweep({ sweep: notifications.sweep, logger });
    closers.unshift(async () => {
      await awardMailSweep.stop();
    });
    rules.watch();
    const reminderCron = scheduleReminders(remindersAfterSweep, config.reminders.cron, logger);
    closers.unshift(() => reminderCron.stop());

    return {
      app,
      config,
      initialAdminKey,
      mail,
      swept: awardMailSweep.swept,
      reminders: remindersAfterSweep,
      async reloadRules() {
        const result = await rules.reload({ trigger: 'sighup' });
        if (result.outcome === 'refused') logger.warn({ errors: result.refused.errors }, 'rules file refused');
        else logger.info({ version: result.rules.version }, `rules ${result.outcome}`);
      },
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await close();
    throw error;
  }
}
