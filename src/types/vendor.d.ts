// Packages of the credentials ecosystem ship JavaScript without type declarations. They are
// declared here, untyped, and wrapped in typed modules under `badges/` so that `any` never
// spreads beyond those wrappers.
declare module '@digitalbazaar/vc';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/ed25519-multikey';
declare module '@digitalbazaar/ed25519-signature-2020';
declare module '@digitalbazaar/ed25519-verification-key-2020';
declare module 'jsonld';
declare module 'jsonld-signatures';
