// The few node-forge calls the benchmark makes (the package ships no types; @types/node-forge is not a dependency).
declare module 'node-forge' {
  interface Bytes {
    readonly __bytes: true;
  }
  interface Forge {
    asn1: { fromDer(b: Bytes): unknown };
    util: { createBuffer(binary: string): Bytes };
    pkcs12: {
      pkcs12FromAsn1(asn1: unknown, strict: boolean, password: string): { getBags(f: { bagType: string }): unknown };
    };
    pki: {
      oids: Record<string, string | undefined>;
      rsa: { generateKeyPair(o: { bits: number; e: number }): { publicKey: unknown; privateKey: unknown } };
      createCertificationRequest(): {
        publicKey: unknown;
        setSubject(a: { name: string; value: string }[]): void;
        sign(key: unknown, md: unknown): void;
      };
      certificationRequestToPem(csr: unknown): string;
    };
    md: { sha256: { create(): unknown } };
  }
  const forge: Forge;
  export default forge;
}
