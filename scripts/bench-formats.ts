import { availableParallelism } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import { createSharpBadgeImages } from '../src/adapters/images-sharp/sharpBadgeImages.js';
import { readStandardDocuments } from '../src/adapters/standards-files/readStandardDocuments.js';
import { bakePng, bakeSvgOb2Signed, bakeSvgOb3Jwt, extractFromImage } from '../src/badges/bake/index.js';
import { createContextLoader } from '../src/badges/jsonld/documentLoader.js';
import { generateKeySet } from '../src/badges/keys/keySetMaterial.js';
import { buildHostedAssertion, buildSignedAssertion } from '../src/badges/ob2/assertion.js';
import { signOb2Assertion } from '../src/badges/ob2/signAssertion.js';
import { buildOpenBadgeCredential } from '../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../src/badges/ob3/dataIntegrity/key.js';
import { createDataIntegritySigner } from '../src/badges/ob3/dataIntegrity/signer.js';
import { signCredentialJwt } from '../src/badges/ob3/vcJwt.js';
import { createUrlLayout } from '../src/badges/urls.js';
import { projectPath } from '../src/paths.js';
import { BENCH_PUBLIC_URL, freshCertificationAward } from './bench-support/benchAward.js';
import { rawDataIntegrityIssuer } from './bench-support/rawDataIntegrity.js';
import { measure, measureAlternating, type Throughput } from './bench-support/timing.js';

export interface FormatOptions {
  /** Operations per figure for the cheap formats (builds, bakes). */
  readonly count?: number;
  /** Operations per figure for RS256 signatures. */
  readonly signCount?: number;
  /** Operations per figure for Data Integrity proofs (RDF canonicalisation is the slow part). */
  readonly proofCount?: number;
  /** Worker threads of the pooled Data Integrity figure; one per available core by default. */
  readonly poolWorkers?: number;
}

export interface FormatFigures {
  readonly figures: readonly Throughput[];
  /** Pooled Data Integrity proofs/s ÷ in-thread proofs/s. */
  readonly dataIntegritySpeedUp: number;
  /** Our in-thread Data Integrity proofs/s ÷ raw `@digitalbazaar/vc` `issue()` proofs/s. */
  readonly dataIntegrityVsRaw: number;
  /** Our pooled Data Integrity proofs/s ÷ raw `@digitalbazaar/vc` `issue()` proofs/s (one thread). */
  readonly dataIntegrityPoolVsRaw: number;
  /** CPU time ÷ wall time while the pool signs: near the worker count when every core works. */
  readonly dataIntegrityPoolCoresBusy: number;
}

/**
 * Each format of one award built or signed a fixed number of times in this process, with a fresh
 * key set: the documents are built before the clock starts for the signature figures, so those
 * time the signature alone; bakes start from an image rendered once, as the service caches it.
 */
export async function benchFormats(options: FormatOptions = {}): Promise<FormatFigures> {
  const count = options.count ?? 1000;
  const signCount = options.signCount ?? 500;
  const proofCount = options.proofCount ?? 1200;
  const poolWorkers = options.poolWorkers ?? availableParallelism();
  const urls = createUrlLayout(BENCH_PUBLIC_URL);
  const keySet = await generateKeySet(uuidv7(), new Date());
  const award = (index: number) => freshCertificationAward(keySet.id, index);
  const proofKey = dataIntegrityKey(keySet, urls);
  const figures: Throughput[] = [];

  figures.push(await measure('OB 2.0 hosted assertion build', count, (i) => buildHostedAssertion(award(i), urls)));

  const signedAssertions = Array.from({ length: signCount }, (_, i) => buildSignedAssertion(award(i), urls));
  await signOb2Assertion(signedAssertions[0]!, keySet);
  figures.push(
    await measure('OB 2.0 signed assertion (RS256 JWS) sign', signCount, (i) =>
      signOb2Assertion(signedAssertions[i]!, keySet),
    ),
  );

  figures.push(await measure('OB 3.0 credential build', count, (i) => buildOpenBadgeCredential(award(i), urls)));

  const credentials = Array.from({ length: signCount }, (_, i) => buildOpenBadgeCredential(award(i), urls));
  figures.push(
    await measure('OB 3.0 VC-JWT (RS256) sign', signCount, (i) => signCredentialJwt(credentials[i]!, keySet, urls)),
  );

  // Raw vc.issue(), ours in this thread and ours on the worker pool, in alternating slices so
  // that all three meet the same load, each with the same credentials, key and context loader.
  const proofJobs = Array.from({ length: proofCount }, (_, index) => buildOpenBadgeCredential(award(index), urls));
  const { contexts } = readStandardDocuments();
  const raw = await rawDataIntegrityIssuer(proofKey, createContextLoader(contexts));
  const inThread = createDataIntegritySigner({ workers: 0, contexts });
  const pool = createDataIntegritySigner({ workers: poolWorkers, contexts });
  let rawFigure: Throughput;
  let single: Throughput;
  let pooled: Throughput;
  try {
    // Every thread signs the same number of proofs before the clock starts, so that none is timed
    // while V8 still compiles the canonicalization code (a few proofs are not enough for that).
    const warmUp = (index: number) => proofJobs[index % proofCount]!;
    await measure('warm-up', WARM_UP_PROOFS_PER_THREAD, (i) => raw(warmUp(i)));
    await measure('warm-up', WARM_UP_PROOFS_PER_THREAD, (i) => inThread.sign(warmUp(i), proofKey));
    await measure(
      'warm-up',
      WARM_UP_PROOFS_PER_THREAD * poolWorkers,
      (i) => pool.sign(warmUp(i), proofKey),
      poolWorkers * 4,
    );
    await expectSameProofs(proofJobs.slice(0, 8), [
      async (credential) => (await raw(credential)) as { proof: unknown },
      (credential) => inThread.sign(credential, proofKey),
      (credential) => pool.sign(credential, proofKey),
    ]);
    [rawFigure, single, pooled] = (await measureAlternating(
      [
        { name: 'OB 3.0 Data Integrity, raw vc.issue()', operation: (i) => raw(proofJobs[i]!), concurrency: 1 },
        {
          name: 'OB 3.0 Data Integrity sign, in-thread',
          operation: (i) => inThread.sign(proofJobs[i]!, proofKey),
          concurrency: 1,
        },
        {
          name: `OB 3.0 Data Integrity sign, ${poolWorkers} workers`,
          operation: (i) => pool.sign(proofJobs[i]!, proofKey),
          concurrency: poolWorkers * 4,
        },
      ],
      proofCount,
      6,
    )) as [Throughput, Throughput, Throughput];
  } finally {
    await pool.close();
  }
  figures.push(rawFigure, single, pooled);

  const images = createSharpBadgeImages({ assetsDir: projectPath('assets') });
  const imageRequest = {
    achievementId: 'azure-administrator',
    title: 'Microsoft Certified: Azure Administrator Associate',
    kind: 'certification',
    lang: 'en',
  } as const;
  const [png, svg] = await Promise.all([images.png(imageRequest), images.svg(imageRequest)]);
  const assertionJson = JSON.stringify(buildHostedAssertion(award(0), urls));
  const jwt = await signCredentialJwt(credentials[0]!, keySet, urls);
  // As the service bakes them: the PNG with the hosted assertion, the SVG with the signed one.
  const jws = await signOb2Assertion(signedAssertions[0]!, keySet);

  figures.push(await measure('PNG bake, OB 2.0 assertion', count, () => bakePng(png, 'openbadges', assertionJson)));
  figures.push(await measure('PNG bake, OB 3.0 VC-JWT', count, () => bakePng(png, 'openbadgecredential', jwt)));
  figures.push(await measure('SVG bake, OB 2.0 signed assertion', count, () => bakeSvgOb2Signed(svg, jws)));
  figures.push(await measure('SVG bake, OB 3.0 VC-JWT', count, () => bakeSvgOb3Jwt(svg, jwt)));

  const bakedPng = bakePng(png, 'openbadges', assertionJson);
  const bakedSvg = Buffer.from(bakeSvgOb2Signed(svg, jws));
  figures.push(await measure('PNG unbake', count, () => expectFound(extractFromImage(bakedPng))));
  figures.push(await measure('SVG unbake', count, () => expectFound(extractFromImage(bakedSvg))));

  return {
    figures,
    dataIntegritySpeedUp: pooled.perSecond / single.perSecond,
    dataIntegrityVsRaw: single.perSecond / rawFigure.perSecond,
    dataIntegrityPoolVsRaw: pooled.perSecond / rawFigure.perSecond,
    dataIntegrityPoolCoresBusy: pooled.coresBusy,
  };
}

/** Proofs each thread makes before any Data Integrity figure is timed. */
const WARM_UP_PROOFS_PER_THREAD = 60;

/**
 * Stops the run unless every signer makes the very same proof of each credential (Ed25519 is
 * deterministic, so equal proof values mean equal canonical N-Quads): a faster signer that signed
 * something else would not be comparable.
 */
async function expectSameProofs(
  credentials: readonly object[],
  signers: readonly ((credential: object) => Promise<{ proof: unknown }>)[],
): Promise<void> {
  for (const credential of credentials) {
    const proofs = await Promise.all(
      signers.map(async (sign) => JSON.stringify([(await sign(credential)).proof].flat())),
    );
    if (new Set(proofs).size !== 1) throw new Error(`Data Integrity signers disagree: ${proofs.join(' / ')}`);
  }
}

/** An unbake that finds nothing would time a failure path; stop the run instead. */
function expectFound(extraction: ReturnType<typeof extractFromImage>): void {
  if (!extraction.found) throw new Error(`unbake failed: ${extraction.error?.code ?? 'no badge'}`);
}
