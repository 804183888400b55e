<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/ServerTestCase.php';

/** Documents create and files_retrieve as Vtiger 8 runs them, with the files in storage/. */
final class DocumentStorageTest extends ServerTestCase
{
    private function createDocument(array $element, array $files = []): WireReply
    {
        return $this->client->multipart(['operation' => 'create', 'sessionName' => $this->session,
            'elementType' => 'Documents', 'element' => json_encode($element + ['assigned_user_id' => '19x1'])], $files);
    }

    private function storageRoot(): string
    {
        $database = ServerLauncher::database();
        if ($database === null) {
            self::markTestSkipped('the storage of an external server is not visible');
        }
        return "$database.files";
    }

    /** @return list<string> every stored file, relative to the storage root */
    private function storedFiles(): array
    {
        $root = $this->storageRoot();
        $files = [];
        $entries = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
        foreach ($entries as $entry) {
            $files[] = substr($entry->getPathname(), strlen($root) + 1);
        }
        sort($files);
        return $files;
    }

    public function testTheUploadedPartReplacesWhatTheElementSaysAndIsStoredByWeek(): void
    {
        $before = $this->storedFiles();
        $document = $this->createDocument(['notes_title' => 'Stored', 'filelocationtype' => 'I',
            'filename' => 'claimed.txt', 'filesize' => 1, 'filetype' => 'text/plain'],
            ['filename' => ['name' => 'my report.v2.pdf', 'type' => 'application/pdf', 'content' => '%PDF-1.4 x']])->result();

        self::assertSame(['my_report.v2.pdf', '10', 'application/pdf', 'I'],
            [$document['filename'], $document['filesize'], $document['filetype'], $document['filelocationtype']]);
        $attachment = (int) substr($document['imageattachmentids'], 3);
        $new = array_values(array_diff($this->storedFiles(), $before));
        $week = 'week' . min(5, intdiv((int) gmdate('j') - 1, 7) + 1);
        self::assertCount(1, $new);
        self::assertMatchesRegularExpression(
            '#^storage/' . gmdate('Y/F') . "/$week/{$attachment}_[0-9a-f]{32}\\.pdf$#", $new[0]);
        self::assertSame('%PDF-1.4 x', file_get_contents($this->storageRoot() . '/' . $new[0]));
    }

    public function testAnyBadExtensionInTheNameIsDefused(): void
    {
        $document = $this->createDocument(['notes_title' => 'Bad', 'filelocationtype' => 'I'],
            ['filename' => ['name' => 'setup.exe.zip', 'type' => 'application/zip', 'content' => 'PK']])->result();

        self::assertSame('setup.exefile.zip.txt', $document['filename']);
        $file = $this->get('files_retrieve', ['id' => $document['imageattachmentids']])->result()[0];
        self::assertSame(['setup.exefile.zip.txt', 2, 'PK'], [$file['filename'], $file['filesize'], base64_decode($file['filecontents'])]);
    }

    public function testWithoutAFileTheElementsNameIsKeptAndNothingIsAttached(): void
    {
        $document = $this->createDocument(['notes_title' => 'Named only', 'filelocationtype' => 'I',
            'filename' => 'elsewhere.txt', 'filesize' => 42, 'filetype' => 'text/plain'])->result();

        self::assertSame(['elsewhere.txt', '42', 'text/plain', 'I'],
            [$document['filename'], $document['filesize'], $document['filetype'], $document['filelocationtype']]);
        self::assertArrayNotHasKey('imageattachmentids', array_filter($document, static fn ($v) => $v !== null));
    }

    public function testAnEmptyFileLeavesTheLocationEmptyAndAttachesNothing(): void
    {
        $document = $this->createDocument(['notes_title' => 'Empty', 'filelocationtype' => 'I', 'filename' => 'empty.txt'],
            ['filename' => ['name' => 'empty.txt', 'type' => 'text/plain', 'content' => '']])->result();

        self::assertSame(['', '', '', ''],
            [$document['filename'], $document['filesize'], $document['filetype'], $document['filelocationtype']]);
        self::assertNull($document['imageattachmentids'] ?? null);
    }

    public function testAnExternalLinkGetsAProtocolAndNoAttachmentEvenWithAFile(): void
    {
        $document = $this->createDocument(['notes_title' => 'Link', 'filelocationtype' => 'E', 'filename' => 'example.com/doc'],
            ['filename' => ['name' => 'ignored.txt', 'type' => 'text/plain', 'content' => 'ignored']])->result();

        self::assertSame(['http://example.com/doc', '0', '', 'E'],
            [$document['filename'], $document['filesize'], $document['filetype'], $document['filelocationtype']]);
        self::assertNull($document['imageattachmentids'] ?? null);
    }

    public function testFilesRetrieveReadsTheDiskAndResetEmptiesIt(): void
    {
        $document = $this->createDocument(['notes_title' => 'Disk', 'filelocationtype' => 'I'],
            ['filename' => ['name' => 'disk.txt', 'type' => 'text/plain', 'content' => 'on disk']])->result();
        $stored = glob($this->storageRoot() . '/storage/*/*/*/' . substr($document['imageattachmentids'], 3) . '_*');
        self::assertCount(1, $stored);
        file_put_contents($stored[0], 'changed on disk');

        $file = $this->get('files_retrieve', ['id' => $document['imageattachmentids']])->result()[0];
        self::assertSame(['changed on disk', 15], [base64_decode($file['filecontents']), $file['filesize']]);

        ServerLauncher::control('reset');
        self::assertFileDoesNotExist($stored[0]);
        self::assertCount(1, $this->storedFiles(), 'only the seeded document\'s file');
    }
}
