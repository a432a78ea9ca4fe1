import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageLinkText, isImageFile, parseInsertTarget, sortImagePaths } from '../src/imageLink';

describe('imageLinkText', () => {
  it('links a file in figures/ with its name as alt text', () => {
    assert.equal(imageLinkText('overview.png'), '![overview](figures/overview.png)');
    assert.equal(imageLinkText('wandb.run.JPEG'), '![wandb.run](figures/wandb.run.JPEG)');
  });
  it('keeps subfolders and uses forward slashes', () => {
    assert.equal(imageLinkText('q23/gcp bucket.png'), '![gcp bucket](<figures/q23/gcp bucket.png>)');
    assert.equal(imageLinkText('q23\\cloud.svg'), '![cloud](figures/q23/cloud.svg)');
  });
  it('keeps the link valid for awkward names', () => {
    assert.equal(imageLinkText('plot (1).png'), '![plot (1)](<figures/plot (1).png>)');
    assert.equal(imageLinkText('a[b].gif'), '![a\\[b\\]](figures/a[b].gif)');
    assert.equal(imageLinkText('.hidden'), '![.hidden](figures/.hidden)');
  });
});

describe('isImageFile', () => {
  it('accepts the image extensions in any case', () => {
    for (const name of ['a.png', 'b.JPG', 'c.jpeg', 'd.gif', 'e.svg', 'F.PNG']) assert.equal(isImageFile(name), true, name);
  });
  it('rejects others', () => {
    for (const name of ['a.pdf', 'b.png.txt', '.png', 'README.md', 'pngfile']) assert.equal(isImageFile(name), false, name);
  });
});

describe('sortImagePaths', () => {
  it('sorts numbers naturally and ignores case', () => {
    assert.deepEqual(sortImagePaths(['fig10.png', 'Fig2.png', 'fig1.png', 'a/b.png']), ['a/b.png', 'fig1.png', 'Fig2.png', 'fig10.png']);
  });
});

describe('parseInsertTarget', () => {
  it('accepts no arguments', () => {
    assert.deepEqual(parseInsertTarget([]), {});
  });
  it('accepts (uri, position) and ({uri, position})', () => {
    const position = { line: 4, character: 0 };
    assert.deepEqual(parseInsertTarget(['file:///r/README.md', position]), { uri: 'file:///r/README.md', position });
    assert.deepEqual(parseInsertTarget([{ uri: 'file:///r/README.md', position }]), { uri: 'file:///r/README.md', position });
  });
  it('ignores malformed parts', () => {
    assert.deepEqual(parseInsertTarget(['file:///x', { line: -1, character: 0 }]), { uri: 'file:///x', position: undefined });
    assert.deepEqual(parseInsertTarget([{ uri: 5, position: { line: 1.5, character: 0 } }]), { uri: undefined, position: undefined });
    assert.deepEqual(parseInsertTarget([42]), {});
  });
});
