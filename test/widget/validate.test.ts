import { expect } from '@open-wc/testing';
import {
  checkFile,
  looksLikeMedia,
  matchesAccept,
  parseAccept,
  requiredContent,
  validateFiles,
} from '../../widget/validate.ts';

const jpeg = { name: 'Photo.JPG', size: 1000, type: 'image/jpeg' };
const pdf = { name: 'doc.pdf', size: 2000, type: 'application/pdf' };
const unknownType = { name: 'notes.md', size: 10, type: '' };

describe('validate', () => {
  it('splits an accept list into lower-case tokens', () => {
    expect(parseAccept(' image/*, .PDF ,, video/mp4 ')).to.deep.equal([
      'image/*',
      '.pdf',
      'video/mp4',
    ]);
  });

  it('accepts everything when accept is empty', () => {
    expect(matchesAccept(pdf, '')).to.equal(true);
    expect(matchesAccept(unknownType, undefined)).to.equal(true);
  });

  it('matches MIME wildcards', () => {
    expect(matchesAccept(jpeg, 'image/*')).to.equal(true);
    expect(matchesAccept(pdf, 'image/*')).to.equal(false);
  });

  it('matches exact MIME types', () => {
    expect(matchesAccept(pdf, 'application/pdf')).to.equal(true);
    expect(matchesAccept(jpeg, 'image/png')).to.equal(false);
  });

  it('matches extensions without regard to case', () => {
    expect(matchesAccept(jpeg, '.jpg')).to.equal(true);
    expect(matchesAccept(unknownType, '.md,.txt')).to.equal(true);
    expect(matchesAccept(unknownType, '.txt')).to.equal(false);
  });

  it('refuses an empty file before anything else', () => {
    expect(checkFile({ ...jpeg, size: 0 }, { maxFileSize: 10, accept: '.png' })).to.equal(
      'file-empty',
    );
  });

  it('refuses a file larger than maxFileSize and keeps one exactly at it', () => {
    expect(checkFile(jpeg, { maxFileSize: 999 })).to.equal('file-too-large');
    expect(checkFile(jpeg, { maxFileSize: 1000 })).to.equal(undefined);
  });

  it('fills the free places in order and refuses the rest as too many', () => {
    const a = { ...jpeg, name: 'a.jpg' };
    const b = { ...jpeg, name: 'b.jpg' };
    const c = { ...jpeg, name: 'c.jpg' };

    const codes = validateFiles([a, pdf, b, c], { accept: 'image/*', maxFiles: 3 }, 1);

    expect(codes).to.deep.equal([undefined, 'file-type-not-accepted', undefined, 'too-many-files']);
  });

  it('judges a file the browser gave no type by its extension', () => {
    const heic = { name: 'IMG_0001.HEIC', size: 10, type: '' };

    expect(matchesAccept(heic, 'image/*')).to.equal(true);
    expect(matchesAccept({ ...heic, name: 'clip.mov' }, 'video/quicktime')).to.equal(true);
    expect(matchesAccept({ ...heic, name: 'notes.md' }, 'image/*')).to.equal(false);
    expect(matchesAccept({ ...heic, name: 'x.constructor' }, 'image/*')).to.equal(false);
  });

  it('treats a blank, zero or negative limit as none', () => {
    for (const limit of [undefined, 0, -1, Number.NaN]) {
      expect(validateFiles([jpeg, jpeg], { maxFileSize: limit, maxFiles: limit })).to.deep.equal([
        undefined,
        undefined,
      ]);
    }
  });

  it('looks inside a file only when image and video entries of accept alone let it in', () => {
    const photo = { name: 'photo.jpg', size: 10, type: 'image/jpeg' };
    expect(requiredContent(photo, 'image/*')).to.equal('image');
    expect(requiredContent(photo, '.jpg, .PNG, image/heic')).to.equal('image');
    expect(requiredContent(photo, 'image/*,video/mp4,.mov')).to.equal('media');
    expect(requiredContent(photo, 'image/*,video/*,application/pdf')).to.equal('media');
    expect(requiredContent({ ...photo, type: '' }, 'image/*,.pdf')).to.equal('image');
    expect(requiredContent({ ...photo, name: 'clip.mp4', type: 'video/mp4' }, 'video/*')).to.equal(
      'media',
    );
    for (const accept of ['', '*/*', 'image/*,*']) {
      expect(requiredContent(photo, accept), accept).to.equal(undefined);
    }
    expect(requiredContent({ ...photo, name: 'photo.zzz' }, 'image/*,.zzz')).to.equal(undefined);
    expect(requiredContent(pdf, 'image/*,video/*,application/pdf')).to.equal(undefined);
    expect(requiredContent({ ...pdf, type: '' }, 'image/*,.pdf')).to.equal(undefined);
    expect(requiredContent(unknownType, 'image/*')).to.equal(undefined);
  });

  it('knows images and videos by their first bytes', async () => {
    const bytes = (...values: (number | string)[]) =>
      new Blob(values.map((v) => (typeof v === 'string' ? v : new Uint8Array([v]))));
    const media = {
      jpeg: bytes(0xff, 0xd8, 0xff, 0xe0),
      png: bytes(0x89, 'PNG\r\n'),
      gif: bytes('GIF89a'),
      webp: bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '),
      avi: bytes('RIFF', 0, 0, 0, 0, 'AVI LIST'),
      heic: bytes(0, 0, 0, 0x18, 'ftypheic'),
      tiff: bytes('II*', 0),
      tiffBigEndian: bytes('MM', 0, '*'),
      bmp: bytes('BM', 0x36),
      ico: bytes(0, 0, 1, 0),
      svg: bytes('\ufeff \n <svg xmlns="http://www.w3.org/2000/svg">'),
      xml: bytes('<?xml version="1.0"?>'),
      webm: bytes(0x1a, 0x45, 0xdf, 0xa3),
      quickTime: bytes(0, 0, 0, 8, 'wide'),
      photoshop: bytes('8BPS', 0, 1),
      jpegXl: bytes(0xff, 0x0a),
    };
    const other = {
      text: bytes('this is not an image'),
      pdf: bytes('%PDF-1.4'),
      zip: bytes('PK', 3, 4),
      riffWave: bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '),
      empty: bytes(),
    };

    for (const [name, blob] of Object.entries(media)) {
      expect(await looksLikeMedia(blob), name).to.equal(true);
    }
    for (const [name, blob] of Object.entries(other)) {
      expect(await looksLikeMedia(blob), name).to.equal(false);
    }
  });
});
