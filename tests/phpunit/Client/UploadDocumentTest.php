<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

use Vtws\ApiException;
use Vtws\Client;
use Vtws\Tests\ServerLauncher;
use Vtws\TransportException;

/**
 * uploadDocument() over HTTP: large files from a path and from streams, what Vtiger stores
 * about them, the memory the upload takes, its errors and the re-login in the middle.
 */
final class UploadDocumentTest extends TestCase
{
    private const BIG = 20 * 1024 * 1024 + 5;

    private Client $client;
    private string $dir;

    public static function setUpBeforeClass(): void
    {
        self::resetServer();
        if (!in_array('vtws-failing', stream_get_wrappers(), true)) {
            stream_wrapper_register('vtws-failing', FailingStream::class);
        }
    }

    protected function setUp(): void
    {
        // Twenty megabytes of base64 take a while on an instrumented (sanitizer) build.
        $this->client = $this->loggedInClient(['timeout' => 300]);
        $this->dir = sys_get_temp_dir() . '/vtws-upload-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
    }

    protected function tearDown(): void
    {
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        rmdir($this->dir);
    }

    private function writeRandomFile(string $name, int $bytes): string
    {
        $path = "$this->dir/$name";
        $out = fopen($path, 'wb');
        for ($left = $bytes; $left > 0; $left -= 1 << 20) {
            fwrite($out, random_bytes(min($left, 1 << 20)));
        }
        fclose($out);
        return $path;
    }

    private function element(string $title, array $fields = []): array
    {
        return $fields + ['notes_title' => $title, 'assigned_user_id' => self::ADMIN_ID];
    }

    /** Uploads and returns [record, peak PHP heap growth in bytes during the upload]. */
    private function measuredUpload(mixed $file, array $element): array
    {
        gc_collect_cycles();
        memory_reset_peak_usage();
        $before = memory_get_usage();
        $record = $this->client->uploadDocument($file, $element);
        return [$record, memory_get_peak_usage() - $before];
    }

    private function assertDownloadsAs(string $expectedSha256, array $record): void
    {
        $target = "$this->dir/download-" . bin2hex(random_bytes(3));
        $meta = $this->client->downloadFile($record['id'], $target);
        self::assertSame($expectedSha256, hash_file('sha256', $target));
        self::assertSame((int) $record['filesize'], $meta['bytes']);
        unlink($target);
    }

    public function testTwentyMegabytesFromAPathTakeLittleMemoryAndComeBackIntact(): void
    {
        $source = $this->writeRandomFile('big-path.dat', self::BIG);

        [$record, $growth] = $this->measuredUpload($source, $this->element('Big from a path'));

        self::assertLessThan(4 * 1024 * 1024, $growth, 'the file must not be held in memory');
        self::assertSame('big-path.dat', $record['filename']);
        self::assertSame((string) self::BIG, $record['filesize']);
        self::assertSame('application/octet-stream', $record['filetype']);
        self::assertSame('I', $record['filelocationtype']);
        self::assertSame('1', $record['filestatus']);
        self::assertMatchesRegularExpression('/^15x\d+$/', $record['imageattachmentids']);
        $this->assertDownloadsAs(hash_file('sha256', $source), $record);
    }

    public function testTwentyMegabytesFromAFileStreamAndFromPhpTemp(): void
    {
        $source = $this->writeRandomFile('big-stream.dat', self::BIG);
        $expected = hash_file('sha256', $source);
        $file = fopen($source, 'rb');
        $temp = fopen('php://temp', 'w+b');
        stream_copy_to_stream($file, $temp);
        rewind($file);
        rewind($temp);

        [$fromFile, $fileGrowth] = $this->measuredUpload($file, $this->element('Big from a stream'));
        [$fromTemp, $tempGrowth] = $this->measuredUpload($temp, $this->element('Big from php://temp',
            ['filename' => 'temp.bin.dat']));

        self::assertLessThan(4 * 1024 * 1024, $fileGrowth);
        self::assertLessThan(4 * 1024 * 1024, $tempGrowth);
        self::assertSame('big-stream.dat', $fromFile['filename'], 'a plain-file stream is named after its file');
        self::assertSame('temp.binfile.dat.txt', $fromTemp['filename'], 'Vtiger defuses a dangerous extension');
        self::assertIsResource($file, 'the caller\'s stream stays open');
        fclose($file);
        fclose($temp);
        $this->assertDownloadsAs($expected, $fromFile);
        $this->assertDownloadsAs($expected, $fromTemp);
    }

    public function testAStreamIsReadFromItsCurrentPosition(): void
    {
        $stream = fopen('php://memory', 'w+b');
        fwrite($stream, "HEADER|the file itself\n");
        fseek($stream, 7);

        $record = $this->client->uploadDocument($stream, $this->element('Offset', ['filename' => 'tail.txt']));

        self::assertSame("the file itself\n", $this->client->retrieveFile($record['imageattachmentids'])['content']);
        self::assertSame('16', $record['filesize']);
    }

    public function testAStreamThatCannotSeekIsSentWhole(): void
    {
        $pipe = popen('printf "line one\\nline two\\n"', 'r');

        $record = $this->client->uploadDocument($pipe, $this->element('Piped', ['filename' => 'lines.txt']));
        pclose($pipe);

        self::assertSame("line one\nline two\n", $this->client->retrieveFile($record['imageattachmentids'])['content']);
        self::assertSame('text/plain', $record['filetype']);
    }

    public function testNameTypeAndStatusAreStoredAsVtigerStoresThem(): void
    {
        $source = "$this->dir/Quarterly report.pdf";
        file_put_contents($source, "%PDF-1.4 not really\n");

        $byExtension = $this->client->uploadDocument($source, $this->element('Report'));
        $given = $this->client->uploadDocument($source, $this->element('Renamed', [
            'filename' => 'Q3 #final.pdf', 'filetype' => 'application/x-custom', 'filestatus' => 0,
            'filesize' => 1, 'notecontent' => 'kept',
        ]));

        self::assertSame('Quarterly_report.pdf', $byExtension['filename'], 'white space becomes _ as on Vtiger');
        self::assertSame('application/pdf', $byExtension['filetype']);
        self::assertSame('20', $byExtension['filesize']);
        self::assertSame('Q3__final.pdf', $given['filename']);
        self::assertSame('application/x-custom', $given['filetype']);
        self::assertSame('20', $given['filesize'], 'the size is the file\'s, whatever the element says');
        self::assertSame('0', $given['filestatus']);
        self::assertSame('kept', $given['notecontent']);
        $file = $this->client->retrieveFile($given['imageattachmentids']);
        // The attachment's name is sanitized from the raw upload name in one step (" #" to
        // one "_"), the record's after spaces became "_" first: Vtiger 8 stores both.
        self::assertSame(['Q3_final.pdf', 'application/x-custom', 20],
            [$file['filename'], $file['filetype'], $file['filesize']]);
    }

    public function testTheFileLandsInVtigersStorageLayout(): void
    {
        $database = ServerLauncher::database();
        if ($database === null) {
            self::markTestSkipped('the storage of an external server is not visible');
        }
        $source = "$this->dir/layout.txt";
        file_put_contents($source, 'stored on disk');

        $record = $this->client->uploadDocument($source, $this->element('Layout'));

        $attachment = substr($record['imageattachmentids'], strpos($record['imageattachmentids'], 'x') + 1);
        $week = 'week' . min(5, intdiv((int) gmdate('j') - 1, 7) + 1);
        $stored = glob("$database.files/storage/" . gmdate('Y/F') . "/$week/{$attachment}_*") ?: [];
        self::assertCount(1, $stored);
        self::assertMatchesRegularExpression('/^' . $attachment . '_[0-9a-f]{32}\.txt$/', basename($stored[0]));
        self::assertSame('stored on disk', file_get_contents($stored[0]));
    }

    public function testFileProblemsAreValueErrorsBeforeAnythingIsSent(): void
    {
        self::resetStats();
        $writeOnly = fopen("$this->dir/write-only", 'wb');
        $memory = fopen('php://memory', 'w+b');
        fwrite($memory, 'x');
        rewind($memory);
        file_put_contents("$this->dir/empty.txt", '');
        $cases = [
            'missing path' => ["$this->dir/missing.txt", 'was not found'],
            'directory' => [$this->dir, 'is a directory'],
            'empty path' => ['', 'non-empty path'],
            'empty file' => ["$this->dir/empty.txt", 'must not be empty'],
            'write-only stream' => [$writeOnly, 'open for reading'],
            'stream without a name' => [$memory, 'must have a "filename"'],
        ];
        foreach ($cases as $name => [$file, $message]) {
            $error = self::catchThrown(\ValueError::class, fn () => $this->client->uploadDocument($file, $this->element($name)));
            self::assertStringContainsString($message, $error->getMessage(), $name);
        }
        $link = self::catchThrown(\ValueError::class, fn () => $this->client->uploadDocument(__FILE__,
            $this->element('Link', ['filelocationtype' => 'E'])));
        self::assertStringContainsString('filelocationtype', $link->getMessage());
        self::assertSame(0, self::totalRequests());
        fclose($writeOnly);
        fclose($memory);
    }

    public function testWrongArgumentTypesAreTypeErrors(): void
    {
        self::catchThrown(\TypeError::class, fn () => $this->client->uploadDocument(__FILE__, 'not an array'));
        self::catchThrown(\TypeError::class, fn () => $this->client->uploadDocument(42, $this->element('Int')));
        $closed = fopen('php://memory', 'rb');
        fclose($closed);
        self::catchThrown(\TypeError::class, fn () => $this->client->uploadDocument($closed, $this->element('Closed')));
        self::catchThrown(\TypeError::class, fn () => $this->client->uploadDocument(__FILE__,
            $this->element('Bad name', ['filename' => ['x']])));
    }

    public function testAStreamFailingMidwayIsATransportExceptionAndTheClientStaysUsable(): void
    {
        $stream = fopen('vtws-failing://300000', 'rb');

        $error = self::catchThrown(TransportException::class, fn () => $this->client->uploadDocument($stream,
            $this->element('Fails', ['filename' => 'fails.dat'])));
        fclose($stream);

        self::assertStringContainsString('reading the file failed after', $error->getMessage());
        self::assertStringContainsString('of 300000 bytes', $error->getMessage());
        self::assertSame('create', $error->getOperation());
        self::assertSame(0, $this->client->count('Documents', "notes_title = 'Fails'"));
        self::assertTrue($this->client->isLoggedIn());
    }

    public function testTheServerRejectingTheElementIsAnApiException(): void
    {
        $source = "$this->dir/orphan.txt";
        file_put_contents($source, 'nobody wants me');

        $error = self::apiError(fn () => $this->client->uploadDocument($source, ['assigned_user_id' => self::ADMIN_ID]));

        self::assertSame('MANDATORY_FIELDS_MISSING', $error->getVtigerCode());
        self::assertSame('create', $error->getOperation());
        self::assertStringContainsString('notes_title', $error->getMessage());
    }

    public function testAnExpiredSessionIsRenewedAndTheFileSentAgain(): void
    {
        $source = $this->writeRandomFile('relogin.dat', 1_500_000);
        $pipe = popen('printf "piped after a re-login"', 'r');

        foreach ([$source, $pipe] as $i => $file) {
            self::expireSessions();
            self::resetStats();
            $record = $this->client->uploadDocument($file, $this->element("Relogin $i", ['filename' => "relogin-$i.dat"]));

            self::assertSame(['create', 'getchallenge', 'login', 'create'], array_column(self::requestLog(), 'operation'));
            $expected = $i === 0 ? (string) filesize($source) : '22';
            self::assertSame($expected, $record['filesize']);
        }
        pclose($pipe);
        self::assertSame('piped after a re-login', $this->client->retrieveFile($record['imageattachmentids'])['content']);
    }

    public function testTheRequestIsTheMultipartCreateVtigerExpects(): void
    {
        $source = "$this->dir/wire.txt";
        file_put_contents($source, 'on the wire');
        self::resetStats();

        $this->client->uploadDocument($source, $this->element('Wire'));

        $create = self::requestLog()[0];
        self::assertSame(['POST', 'create'], [$create['method'], $create['operation']]);
        self::assertStringStartsWith('multipart/form-data; boundary=', $create['contentType']);
        self::assertContains(['name' => 'filename', 'source' => 'file'], $create['params']);
        self::assertContains(['name' => 'element', 'source' => 'body'], $create['params']);
    }
}

/** A stream that reports a size and then fails to deliver it: I/O failing mid-upload. */
final class FailingStream
{
    /** @var resource|null */
    public $context;
    private int $size = 0;
    private int $position = 0;

    public function stream_open(string $path, string $mode, int $options, ?string &$opened): bool
    {
        $this->size = (int) substr($path, strlen('vtws-failing://'));
        return true;
    }

    public function stream_read(int $count): string|false
    {
        if ($this->position >= intdiv($this->size, 3)) {
            return false;
        }
        $chunk = str_repeat('z', min($count, intdiv($this->size, 3) - $this->position));
        $this->position += strlen($chunk);
        return $chunk;
    }

    public function stream_eof(): bool
    {
        return false;
    }

    public function stream_tell(): int
    {
        return $this->position;
    }

    public function stream_seek(int $offset, int $whence): bool
    {
        if ($whence !== SEEK_SET || $offset < 0 || $offset > $this->size) {
            return false;
        }
        $this->position = $offset;
        return true;
    }

    public function stream_stat(): array
    {
        return ['size' => $this->size, 'mode' => 0100644];
    }
}
