import type { Lang } from '../../app/awards/awardRecord.js';
import type { CheckId } from '../../badges/verify/index.js';

/** What a check's outcome means, in plain words, for a person reading the report. */
interface Outcome {
  readonly ok: string;
  readonly failed: string;
}

/**
 * Each check's outcome in plain words, in English and French, keyed by the engine's stable check
 * ids (`satisfies Record<CheckId, …>`, so a new check cannot reach the page without them). The
 * engine's own message, in English, stays available under it as the technical detail.
 */
const EXPLANATIONS = {
  en: {
    'input.parse': { ok: 'What you gave could be read.', failed: 'What you gave could not be read as a badge.' },
    'input.fetch': {
      ok: 'The badge’s address answered with a badge.',
      failed: 'The badge’s address did not answer with a badge.',
    },
    'image.unbake': {
      ok: 'The image holds one badge, which was read.',
      failed: 'No badge could be read from the image.',
    },
    'jsonld.safe_mode': {
      ok: 'Every term in the badge has a known meaning.',
      failed: 'The badge uses terms whose meaning is not defined.',
    },
    'ob2.structure': {
      ok: 'The badge has every part the Open Badges 2.0 standard requires.',
      failed: 'The badge lacks parts the Open Badges 2.0 standard requires.',
    },
    'ob2.hosted_fetch': {
      ok: 'The badge and its description were fetched from the issuer’s own addresses.',
      failed: 'The badge or its description could not be fetched from the issuer’s addresses.',
    },
    'ob2.origin': {
      ok: 'The badge is hosted where its issuer says its badges are.',
      failed: 'The badge is hosted somewhere its issuer does not vouch for.',
    },
    'ob2.signature': {
      ok: 'The issuer’s signature matches: the badge is unaltered.',
      failed: 'The signature does not match: the badge may have been altered.',
    },
    'ob2.key_ownership': {
      ok: 'The signing key belongs to the issuer.',
      failed: 'The signing key is not shown to belong to the issuer.',
    },
    'ob3.context': {
      ok: 'The badge declares the Open Badges 3.0 vocabularies.',
      failed: 'The badge does not declare the Open Badges 3.0 vocabularies.',
    },
    'ob3.type': {
      ok: 'The badge is the kind of credential expected.',
      failed: 'The badge is not the kind of credential expected.',
    },
    'ob3.schema': {
      ok: 'The badge follows the official format.',
      failed: 'The badge does not follow the official format.',
    },
    'ob3.subject': {
      ok: 'The badge says whom it was awarded to.',
      failed: 'The badge does not say whom it was awarded to.',
    },
    'ob3.jwt_claims': {
      ok: 'The signed envelope agrees with the badge inside it.',
      failed: 'The signed envelope contradicts the badge inside it.',
    },
    'proof.key': {
      ok: 'The key to check the signature was found.',
      failed: 'The key to check the signature was not found.',
    },
    'proof.signature': {
      ok: 'The signature matches: the badge is unaltered since it was signed.',
      failed: 'The signature does not match: the badge may have been altered.',
    },
    'proof.key_controller': {
      ok: 'The signing key is the issuer’s.',
      failed: 'The signing key is not shown to be the issuer’s: anyone could have signed it.',
    },
    'status.revocation': {
      ok: 'The issuer has not revoked the badge.',
      failed: 'The issuer has revoked the badge, or its status could not be read.',
    },
    'time.expiry': { ok: 'The badge has not expired.', failed: 'The badge has expired.' },
    'time.not_before': { ok: 'The badge is already in force.', failed: 'The badge is not in force yet.' },
    recipient: {
      ok: 'The badge was awarded to the email address you gave.',
      failed: 'The badge was not awarded to the email address you gave.',
    },
    endorsement: {
      ok: 'Every endorsement of the badge checks out.',
      failed: 'An endorsement of the badge does not check out.',
    },
    'verifier.error': {
      ok: 'The check ran to the end.',
      failed: 'The check could not run to the end; please try again.',
    },
    'clr.context': {
      ok: 'The learner record declares its vocabularies.',
      failed: 'The learner record does not declare its vocabularies.',
    },
    'clr.type': { ok: 'It is a learner record.', failed: 'It is not the kind of learner record expected.' },
    'clr.schema': {
      ok: 'The learner record follows the official format.',
      failed: 'The learner record does not follow the official format.',
    },
    'clr.subject': {
      ok: 'The learner record holds the credentials it should.',
      failed: 'The learner record does not hold the credentials it should.',
    },
    'clr.credential': {
      ok: 'Every credential in the record checks out.',
      failed: 'A credential in the record does not check out.',
    },
  },
  fr: {
    'input.parse': {
      ok: 'Ce que vous avez donné a pu être lu.',
      failed: 'Ce que vous avez donné n’a pas pu être lu comme un badge.',
    },
    'input.fetch': {
      ok: 'L’adresse du badge a répondu par un badge.',
      failed: 'L’adresse du badge n’a pas répondu par un badge.',
    },
    'image.unbake': {
      ok: 'L’image contient un badge, qui a été lu.',
      failed: 'Aucun badge n’a pu être lu dans l’image.',
    },
    'jsonld.safe_mode': {
      ok: 'Chaque terme du badge a un sens connu.',
      failed: 'Le badge emploie des termes dont le sens n’est pas défini.',
    },
    'ob2.structure': {
      ok: 'Le badge comporte toutes les parties qu’exige la norme Open Badges 2.0.',
      failed: 'Il manque au badge des parties qu’exige la norme Open Badges 2.0.',
    },
    'ob2.hosted_fetch': {
      ok: 'Le badge et sa description ont été récupérés aux adresses de l’émetteur.',
      failed: 'Le badge ou sa description n’a pas pu être récupéré aux adresses de l’émetteur.',
    },
    'ob2.origin': {
      ok: 'Le badge est hébergé là où son émetteur dit héberger ses badges.',
      failed: 'Le badge est hébergé à un endroit dont son émetteur ne se porte pas garant.',
    },
    'ob2.signature': {
      ok: 'La signature de l’émetteur concorde : le badge n’a pas été modifié.',
      failed: 'La signature ne concorde pas : le badge a peut-être été modifié.',
    },
    'ob2.key_ownership': {
      ok: 'La clé de signature appartient à l’émetteur.',
      failed: 'Rien ne montre que la clé de signature appartient à l’émetteur.',
    },
    'ob3.context': {
      ok: 'Le badge déclare les vocabulaires Open Badges 3.0.',
      failed: 'Le badge ne déclare pas les vocabulaires Open Badges 3.0.',
    },
    'ob3.type': {
      ok: 'Le badge est le type d’attestation attendu.',
      failed: 'Le badge n’est pas le type d’attestation attendu.',
    },
    'ob3.schema': {
      ok: 'Le badge respecte le format officiel.',
      failed: 'Le badge ne respecte pas le format officiel.',
    },
    'ob3.subject': {
      ok: 'Le badge indique à qui il a été décerné.',
      failed: 'Le badge n’indique pas à qui il a été décerné.',
    },
    'ob3.jwt_claims': {
      ok: 'L’enveloppe signée concorde avec le badge qu’elle contient.',
      failed: 'L’enveloppe signée contredit le badge qu’elle contient.',
    },
    'proof.key': {
      ok: 'La clé permettant de vérifier la signature a été trouvée.',
      failed: 'La clé permettant de vérifier la signature est introuvable.',
    },
    'proof.signature': {
      ok: 'La signature concorde : le badge n’a pas été modifié depuis sa signature.',
      failed: 'La signature ne concorde pas : le badge a peut-être été modifié.',
    },
    'proof.key_controller': {
      ok: 'La clé de signature est celle de l’émetteur.',
      failed: 'Rien ne montre que la clé de signature est celle de l’émetteur : n’importe qui a pu signer.',
    },
    'status.revocation': {
      ok: 'L’émetteur n’a pas révoqué le badge.',
      failed: 'L’émetteur a révoqué le badge, ou son statut n’a pas pu être lu.',
    },
    'time.expiry': { ok: 'Le badge n’a pas expiré.', failed: 'Le badge a expiré.' },
    'time.not_before': { ok: 'Le badge est déjà en vigueur.', failed: 'Le badge n’est pas encore en vigueur.' },
    recipient: {
      ok: 'Le badge a été décerné à l’adresse e-mail indiquée.',
      failed: 'Le badge n’a pas été décerné à l’adresse e-mail indiquée.',
    },
    endorsement: {
      ok: 'Chaque recommandation du badge est vérifiée.',
      failed: 'Une recommandation du badge ne se vérifie pas.',
    },
    'verifier.error': {
      ok: 'La vérification a été menée à son terme.',
      failed: 'La vérification n’a pas pu être menée à son terme ; veuillez réessayer.',
    },
    'clr.context': {
      ok: 'Le relevé déclare ses vocabulaires.',
      failed: 'Le relevé ne déclare pas ses vocabulaires.',
    },
    'clr.type': { ok: 'C’est un relevé de parcours.', failed: 'Ce n’est pas le type de relevé attendu.' },
    'clr.schema': {
      ok: 'Le relevé respecte le format officiel.',
      failed: 'Le relevé ne respecte pas le format officiel.',
    },
    'clr.subject': {
      ok: 'Le relevé contient les attestations attendues.',
      failed: 'Le relevé ne contient pas les attestations attendues.',
    },
    'clr.credential': {
      ok: 'Chaque attestation du relevé est vérifiée.',
      failed: 'Une attestation du relevé ne se vérifie pas.',
    },
  },
} as const satisfies Record<Lang, Record<CheckId, Outcome>>;

export function checkExplanation(lang: Lang, id: CheckId, ok: boolean): string {
  const outcome: Outcome = EXPLANATIONS[lang][id];
  return ok ? outcome.ok : outcome.failed;
}
