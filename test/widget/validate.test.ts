import { expect } from '@open-wc/testing';
import { checkFile, matchesAccept, parseAccept, validateFiles } from '../../widget/validate.ts';

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
});
