import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@dondoc/platform/config/app-config';
import { keyIdOf } from '../domain/export-format';

export interface PublicKeyInfo {
  algorithm: 'Ed25519';
  keyId: string;
  publicKeyPem: string;
}

interface LoadedKey extends PublicKeyInfo {
  privateKey: KeyObject;
}

/**
 * The deployment's Ed25519 signing key: SIGNING_KEY (PEM) when set, else the file at
 * SIGNING_KEY_FILE, generated there (mode 0600) the first time it is needed.
 */
@Injectable()
export class SigningKeyService {
  private readonly logger = new Logger(SigningKeyService.name);
  private loading: Promise<LoadedKey> | null = null;

  constructor(private readonly config: AppConfig) {}

  async publicKey(): Promise<PublicKeyInfo> {
    const { algorithm, keyId, publicKeyPem } = await this.load();
    return { algorithm, keyId, publicKeyPem };
  }

  async sign(data: Buffer): Promise<{ keyId: string; signature: string }> {
    const key = await this.load();
    return { keyId: key.keyId, signature: sign(null, data, key.privateKey).toString('base64') };
  }

  private load(): Promise<LoadedKey> {
    this.loading ??= this.readOrCreate().catch((error) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async readOrCreate(): Promise<LoadedKey> {
    if (this.config.SIGNING_KEY) return toLoaded(this.config.SIGNING_KEY.replace(/\\n/g, '\n'), 'SIGNING_KEY');
    const path = this.config.SIGNING_KEY_FILE;
    try {
      return toLoaded(await readFile(path, 'utf8'), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, pem, { flag: 'wx', mode: 0o600 });
      this.logger.warn(`generated a new Ed25519 signing key at ${path}; keep it (and a backup) on a persistent volume`);
      return toLoaded(pem, path);
    } catch (error) {
      // Another process generated it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return toLoaded(await readFile(path, 'utf8'), path);
      throw error;
    }
  }
}

function toLoaded(pem: string, source: string): LoadedKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`khóa ký ở ${source} không đọc được: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`khóa ký ở ${source} phải là Ed25519, không phải ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    algorithm: 'Ed25519',
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey,
  };
}
