import { MemoryRatingsRepository } from './memory-ratings.repository';

describe('MemoryRatingsRepository', () => {
  it("gives every product upstream's two reviewers until ratings are posted", async () => {
    const repository = new MemoryRatingsRepository();
    await expect(repository.ratingsFor(0)).resolves.toEqual({ Reviewer1: 5, Reviewer2: 4 });
    await expect(repository.ratingsFor(12345)).resolves.toEqual({ Reviewer1: 5, Reviewer2: 4 });
  });

  it('replaces the whole set of one product, leaving the others alone', async () => {
    const repository = new MemoryRatingsRepository();
    await repository.replaceRatings(1, { Alice: 1, Bob: 2 });
    await repository.replaceRatings(1, { Carol: 3 });
    await expect(repository.ratingsFor(1)).resolves.toEqual({ Carol: 3 });
    await expect(repository.ratingsFor(2)).resolves.toEqual({ Reviewer1: 5, Reviewer2: 4 });
  });

  it('keeps its own copy of what was posted', async () => {
    const repository = new MemoryRatingsRepository();
    const posted: Record<string, number> = { Alice: 1 };
    await repository.replaceRatings(1, posted);
    posted['Alice'] = 5;
    await expect(repository.ratingsFor(1)).resolves.toEqual({ Alice: 1 });
  });

  it('forgets the product written longest ago once full', async () => {
    const repository = new MemoryRatingsRepository(2);
    await repository.replaceRatings(1, { A: 1 });
    await repository.replaceRatings(2, { B: 2 });
    await repository.replaceRatings(1, { A: 3 }); // 1 is now the newest
    await repository.replaceRatings(3, { C: 3 });
    await expect(repository.ratingsFor(2)).resolves.toEqual({ Reviewer1: 5, Reviewer2: 4 });
    await expect(repository.ratingsFor(1)).resolves.toEqual({ A: 3 });
    await expect(repository.ratingsFor(3)).resolves.toEqual({ C: 3 });
  });
});
