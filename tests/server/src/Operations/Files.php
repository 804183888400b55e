<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\IdLadder;
use Vtws\TestServer\Storage;
use Vtws\TestServer\WebServiceException;

/**
 * files_retrieve (include/Webservices/FileRetrieve.php, vtws_filedetails()): the id is
 * <module prefix>x<attachment id>; the file is read from storage/ where the upload put it.
 */
final class Files
{
    public function __construct(private readonly Context $ctx)
    {
    }

    public function retrieve(?string $id, ?array $user): array
    {
        $this->ctx->ids->moduleOf($id);
        $attachmentId = IdLadder::leadingInt(explode('x', (string) $id, 2)[1] ?? '');
        $storage = new Storage($this->ctx->db, $this->ctx->clock);
        $row = $attachmentId > 0 ? $storage->find($attachmentId) : null;
        if ($row === null) {
            throw new WebServiceException('RECORD_NOT_FOUND', 'Record you are trying to access is not found');
        }
        $path = $storage->fileOf($row);
        // A file missing from storage/ gives what PHP's filesize() and file_get_contents() give.
        $content = @file_get_contents($path);
        return [[
            'fileid' => (string) $row['attachmentsid'],
            'filename' => html_entity_decode((string) $row['name'], ENT_QUOTES, 'UTF-8'),
            'filetype' => $row['type'], 'filesize' => @filesize($path),
            'filecontents' => base64_encode($content === false ? '' : $content),
        ]];
    }
}
