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

/** A fresh leaf certificate for localhost and 127.0.0.1, signed by the (reused) CA. */
export function serverCertificates(dataDir: string): ServerCertificates {
  const ca = loadOrCreateCa(dataDir);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return {
    caFile: ca.caFile,
    caPem: ca.certPem,
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    certPem: forge.pki.certificateToPem(cert),
  };
}
