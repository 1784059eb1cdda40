import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface ServerCertificates {
  caFile: string;
  caPem: string;
  keyPem: string;
  certPem: string;
}

const CA_BUNDLE = 'ca-bundle.pem';
const CA_FILE = 'ca.pem';

function newKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
} {
  // Node's native key generation: node-forge's pure JavaScript one takes seconds.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  ) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function serialNumber(): string {
  return `01${randomBytes(15).toString('hex')}`;
}

function createCa(): { keyPem: string; certPem: string } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: 'Microsoft 365 Emulator Local CA' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return {
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    certPem: forge.pki.certificateToPem(cert),
  };
}

/**
 * Reads the CA kept under dataDir, creating it on first start. Several emulators may start at once
 * (parallel tests), so the CA is published with an exclusive hard link: the first writer wins and
 * everyone else reads its CA.
 */
function loadOrCreateCa(dataDir: string): { keyPem: string; certPem: string; caFile: string } {
  mkdirSync(dataDir, { recursive: true });
  const bundlePath = join(dataDir, CA_BUNDLE);
  if (!existsSync(bundlePath)) {
    const ca = createCa();
    const temporary = join(dataDir, `.ca-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(temporary, ca.keyPem + ca.certPem, { mode: 0o600 });
    try {
      linkSync(temporary, bundlePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  const bundle = readFileSync(bundlePath, 'utf8');
  const keyPem = bundle.slice(0, bundle.indexOf('-----BEGIN CERTIFICATE-----'));
  const certPem = bundle.slice(bundle.indexOf('-----BEGIN CERTIFICATE-----'));
  const caFile = join(dataDir, CA_FILE);
  if (!existsSync(caFile) || readFileSync(caFile, 'utf8') !== certPem) {
    const temporary = `${caFile}.${process.pid}.tmp`;
    writeFileSync(temporary, certPem);
    renameSync(temporary, caFile);
  }
  return { keyPem, certPem, caFile };
}

export interface IssuedCertificate {
  keyPem: string;
  certPem: string;
  /** The CA that signed it (what clients of the emulator already trust). */
  caPem: string;
}

const IP_ADDRESS = /^(\d{1,3}\.){3}\d{1,3}$|:/;

/**
 * A leaf certificate for these host names / IP addresses, signed by the CA under dataDir. Tests put
 * a TLS front with such a certificate before a receiver of change notifications, so the emulator
 * (which trusts only its CA) reaches it over HTTPS without any TLS check being relaxed.
 */
export function issueCertificate(dataDir: string, hosts: string[]): IssuedCertificate {
  if (!hosts.length) throw new Error('issueCertificate needs at least one host');
  const ca = loadOrCreateCa(dataDir);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: hosts[0] }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((host) =>
        IP_ADDRESS.test(host) ? { type: 7, ip: host } : { type: 2, value: host }
      ),
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return {
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    certPem: forge.pki.certificateToPem(cert),
    caPem: ca.certPem,
  };
}

export interface SelfSignedCertificate {
  certificatePem: string;
  /** PKCS#8 PEM, as openssl and Azure Key Vault export it. */
  privateKeyPem: string;
}

/**
 * A self-signed RSA certificate such as an admin makes for an app's certificate credential
 * (`New-SelfSignedCertificate`, `openssl req -x509`): the emulator registers it on an app, the
 * client signs its assertions with the key. Dates are adjustable to make expired ones.
 */
export function selfSignedCertificate(
  options: { commonName?: string; notBefore?: Date; notAfter?: Date } = {}
): SelfSignedCertificate {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 3600 * 1000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: options.commonName ?? 'External Drives' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey));
  return {
    certificatePem: forge.pki.certificateToPem(cert),
    privateKeyPem: forge.pki.privateKeyInfoToPem(pkcs8),
  };
}

/** The emulator's own leaf: localhost (API) and 127.0.0.1 (content host). */
export function serverCertificates(dataDir: string): ServerCertificates {
  const ca = loadOrCreateCa(dataDir);
  const leaf = issueCertificate(dataDir, ['localhost', '127.0.0.1']);
  return { caFile: ca.caFile, caPem: ca.certPem, keyPem: leaf.keyPem, certPem: leaf.certPem };
}
