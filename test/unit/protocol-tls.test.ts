import { X509Certificate, createPrivateKey } from 'node:crypto';
import { derUnsignedInteger, generateServerCertificate, handshakeCertificate } from '../../providers/protocol/tls';

describe('AutoMTLS server certificate', () => {
  it('is a self-signed CA certificate for localhost with server and client auth, valid from 30 s ago for about a year', () => {
    const now = new Date('2030-06-01T12:00:00Z');
    const cert = generateServerCertificate(now);
    const x509 = new X509Certificate(cert.certPem);

    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.ca).toBe(true);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
    expect(new Date(x509.validFrom).getTime()).toBe(now.getTime() - 30_000);
    expect(new Date(x509.validTo).getTime() - now.getTime()).toBeGreaterThan(360 * 24 * 3600 * 1000);
    expect(x509.raw.equals(cert.certDer)).toBe(true);
  });

  it('encodes INTEGERs minimally (a redundant leading zero made OpenSSL reject certificates)', () => {
    expect(derUnsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex')).toBe('02017f');
    expect(derUnsignedInteger(Buffer.from([0x00, 0x80])).toString('hex')).toBe('02020080');
    expect(derUnsignedInteger(Buffer.from([0xff])).toString('hex')).toBe('020200ff');
    expect(derUnsignedInteger(Buffer.from([0x00])).toString('hex')).toBe('020100');
  });

  it('parses every time, whatever the random serial', () => {
    for (let i = 0; i < 100; i++) expect(() => new X509Certificate(generateServerCertificate().certPem)).not.toThrow();
  });

  it('writes the handshake certificate as base64 without padding', () => {
    expect(handshakeCertificate(Buffer.from([1, 2, 3, 4]))).toBe('AQIDBA');
    expect(handshakeCertificate(Buffer.from([1, 2, 3]))).toBe('AQID');
  });
});
