<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

use Vtws\ApiException;
use Vtws\Client;
use Vtws\ProtocolException;

/**
 * downloadFile() against files uploaded the way Vtiger's Documents module receives them:
 * a multipart create with the file in the part named "filename" (sent here with PHP's own
 * curl, so the upload does not depend on the code under test).
 */
final class DownloadFileTest extends TestCase
{
    private Client $client;
    private string $dir;

    public static function setUpBeforeClass(): void
    {
        self::resetServer();
    }

    protected function setUp(): void
    {
        $this->client = $this->loggedInClient();
        $this->dir = sys_get_temp_dir() . '/vtws-download-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
    }

    protected function tearDown(): void
    {
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        rmdir($this->dir);
    }

    /** @return array{document: string, attachment: string} */
    private function upload(string $path, string $name, string $type): array
    {
        $element = ['notes_title' => "Upload $name", 'assigned_user_id' => self::ADMIN_ID, 'filelocationtype' => 'I',
            'filestatus' => 1, 'filename' => $name, 'filesize' => filesize($path), 'filetype' => $type];
        $curl = curl_init(self::webserviceUrl());
        curl_setopt_array($curl, [
            CURLOPT_POST => true,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_POSTFIELDS => [
                'operation' => 'create', 'sessionName' => $this->client->getSessionName(), 'elementType' => 'Documents',
                'element' => json_encode($element), 'filename' => new \CURLFile($path, $type, $name),
            ],
        ]);
        $body = curl_exec($curl);
        curl_close($curl);
        self::assertIsString($body);
        $answer = json_decode($body, true);
        self::assertTrue($answer['success'] ?? false, "upload failed: $body");
        return ['document' => $answer['result']['id'], 'attachment' => $answer['result']['imageattachmentids']];
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

    public function testTwentyMegabytesSurviveTheRoundTripToAPath(): void
    {
        $source = $this->writeRandomFile('big.bin.dat', 20 * 1024 * 1024 + 3);
        $ids = $this->upload($source, 'big.dat', 'application/octet-stream');
        $target = "$this->dir/copy.dat";
        // 28 MB of base64 takes a while on an instrumented (sanitizer) build.
        $client = $this->loggedInClient(['timeout' => 300]);

        $meta = $client->downloadFile($ids['attachment'], $target);

        self::assertSame(sha1_file($source), sha1_file($target));
        self::assertSame(filesize($source), $meta['bytes']);
        self::assertSame('big.dat', $meta['filename']);
        self::assertArrayNotHasKey('filecontents', $meta);
        self::assertFileDoesNotExist("$target.part");
    }

    public function testTheDocumentIdLeadsToItsAttachment(): void
    {
        $source = "$this->dir/note.txt";
        file_put_contents($source, "Unicode: é 日本 Русский\n");
        $ids = $this->upload($source, 'note.txt', 'text/plain');
        self::resetStats();

        $meta = $this->client->downloadFile($ids['document'], "$this->dir/note-copy.txt");

        self::assertSame(file_get_contents($source), file_get_contents("$this->dir/note-copy.txt"));
        self::assertSame('text/plain', $meta['filetype']);
        self::assertSame(['files_retrieve', 'retrieve', 'files_retrieve'], array_column(self::requestLog(), 'operation'));
    }

    public function testAStreamTargetIsWrittenAndLeftOpen(): void
    {
        $source = $this->writeRandomFile('stream.bin.dat', 300_000);
        $ids = $this->upload($source, 'stream.dat', 'application/octet-stream');
        $stream = fopen('php://temp', 'w+b');

        $meta = $this->client->downloadFile($ids['attachment'], $stream);

        self::assertIsResource($stream);
        rewind($stream);
        self::assertSame(sha1_file($source), sha1(stream_get_contents($stream)));
        self::assertSame(300_000, $meta['bytes']);
        fclose($stream);
    }

    public function testAnUnknownIdIsAnApiErrorAndNoFileIsLeft(): void
    {
        $target = "$this->dir/none.txt";

        $error = self::catchThrown(ApiException::class, fn () => $this->client->downloadFile('15x999999', $target));

        self::assertContains($error->getVtigerCode(), ['RECORD_NOT_FOUND', 'ACCESS_DENIED']);
        self::assertFileDoesNotExist($target);
        self::assertFileDoesNotExist("$target.part");
    }

    public function testADocumentWithoutAFileIsAValueError(): void
    {
        $document = $this->client->create('Documents', ['notes_title' => 'No file', 'assigned_user_id' => self::ADMIN_ID,
            'filelocationtype' => 'I']);

        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('no attached file');
        $this->client->downloadFile($document['id'], "$this->dir/nothing");
    }

    public function testAnUnwritableTargetIsReportedAndTheClientStaysUsable(): void
    {
        $source = "$this->dir/small.txt";
        file_put_contents($source, 'small');
        $ids = $this->upload($source, 'small.txt', 'text/plain');

        $error = self::catchThrown(\Vtws\Exception::class,
            fn () => @$this->client->downloadFile($ids['attachment'], "$this->dir/missing-dir/out.txt"));

        self::assertStringContainsString('cannot open', $error->getMessage());
        self::assertSame('small', $this->client->retrieveFile($ids['attachment'])['content']);
    }

    public function testATruncatedAnswerLeavesNoPartialFile(): void
    {
        $source = $this->writeRandomFile('trunc.bin.dat', 100_000);
        $ids = $this->upload($source, 'trunc.dat', 'application/octet-stream');
        $target = "$this->dir/trunc-copy.dat";
        self::armFault('truncate', 1, 'files_retrieve');

        self::catchThrown(ProtocolException::class, fn () => $this->client->downloadFile($ids['attachment'], $target));

        self::assertFileDoesNotExist($target);
        self::assertFileDoesNotExist("$target.part");
    }

    public function testTheTargetMustBeAPathOrAStream(): void
    {
        $this->expectException(\TypeError::class);
        $this->client->downloadFile('15x1', 42);
    }
}
