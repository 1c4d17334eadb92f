import { paginateDescribeImages, type Filter, type Image } from '@aws-sdk/client-ec2';
import type { Ec2Image } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { tagsOf } from '../tags';

export interface ImageFilter {
  /** self, amazon, aws-marketplace or account ids (default: self). */
  owners?: string[];
  /** Name pattern; `*` and `?` are wildcards, a plain word matches anywhere in the name. */
  name?: string;
  architecture?: string;
  /** Only images that can be launched (state available), newest first: how an AMI is picked. */
  available?: boolean;
}

/** The launchable images, newest first: the wizard's list and `--image-filter`'s pick. */
export function availableNewestFirst(images: Ec2Image[]): Ec2Image[] {
  return images
    .filter((i) => i.state === 'available')
    .sort((a, b) => b.creationDate.localeCompare(a.creationDate));
}

export function toImageRow(i: Image, region: string): Ec2Image {
  return {
    region,
    imageId: i.ImageId ?? '',
    name: i.Name ?? '',
    description: i.Description ?? '',
    ownerId: i.OwnerId ?? '',
    ownerAlias: i.ImageOwnerAlias ?? '',
    architecture: i.Architecture ?? '',
    state: i.State ?? '',
    public: i.Public ?? false,
    // DescribeImages reports the creation date as an ISO string already.
    creationDate: i.CreationDate ?? '',
    rootDeviceType: i.RootDeviceType ?? '',
    virtualizationType: i.VirtualizationType ?? '',
    platform: i.PlatformDetails ?? i.Platform ?? '',
    tags: tagsOf(i.Tags),
  };
}

const namePattern = (name: string) => (/[*?]/.test(name) ? name : `*${name}*`);

export function listImages(scope: AwsScope, filter: ImageFilter = {}): Promise<Ec2Image[]> {
  const filters: Filter[] = [];
  if (filter.name) filters.push({ Name: 'name', Values: [namePattern(filter.name)] });
  if (filter.architecture) filters.push({ Name: 'architecture', Values: [filter.architecture] });
  return inScope(scope, 'DescribeImages', async (client) => {
    const rows: Ec2Image[] = [];
    const pages = paginateDescribeImages(
      { client, pageSize: 1000 },
      {
        Owners: filter.owners?.length ? filter.owners : ['self'],
        ...(filters.length ? { Filters: filters } : {}),
      },
      sendOptions(scope),
    );
    for await (const page of pages)
      for (const image of page.Images ?? []) rows.push(toImageRow(image, scope.region));
    return filter.available ? availableNewestFirst(rows) : rows;
  });
}
